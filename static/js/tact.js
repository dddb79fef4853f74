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

// Canned responses: fetch the macro rendered for this ticket and insert it at the cursor in the reply box.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("[data-macro-form]");
  if (!form) return;
  const box = document.getElementById("reply-body");
  if (!box) return;  // no composer on the page: let the form open the text on its own
  event.preventDefault();
  const status = form.querySelector("[data-macro-status]");
  const url = form.action + "?" + new URLSearchParams(new FormData(form));
  const response = await fetch(url, { headers: { Accept: "text/plain" }, credentials: "same-origin" });
  const text = await response.text();
  if (!response.ok) { if (status) status.textContent = text; return; }
  const start = box.selectionStart ?? box.value.length, end = box.selectionEnd ?? start;
  box.value = box.value.slice(0, start) + text + box.value.slice(end);
  box.selectionStart = box.selectionEnd = start + text.length;
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.focus();
  if (status) status.textContent = "Inserted. Edit it before sending.";
});
