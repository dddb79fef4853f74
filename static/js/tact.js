// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Keyboard navigation on lists marked data-keynav: j/k move, Enter opens.
  const list = document.querySelector("[data-keynav]");
  if (!list) return;
  const rows = () => Array.from(list.querySelectorAll("[data-href]"));
  let index = -1;
  const select = (i) => {
    const all = rows(); if (!all.length) return;
    index = Math.max(0, Math.min(i, all.length - 1));
    all.forEach((row, n) => row.classList.toggle("selected", n === index));
    all[index].querySelector("a")?.focus();
  };
  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key === "j") { select(index + 1); event.preventDefault(); }
    else if (event.key === "k") { select(index - 1); event.preventDefault(); }
    else if (event.key === "Enter" && index >= 0) { window.location = rows()[index].dataset.href; }
  });
});
