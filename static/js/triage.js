// Triage list: j/k move, Enter opens, c claims. The list is replaced every few seconds (htmx polling), so the
// selection is remembered by escalation id and put back after each swap.
(() => {
  const box = document.querySelector("[data-triage]");
  if (!box) return;
  let selectedId = null;
  const rows = () => Array.from(box.querySelectorAll("tr[data-id]"));
  const paint = (focus) => {
    rows().forEach((row) => {
      const on = row.dataset.id === selectedId;
      row.classList.toggle("selected", on);
      row.setAttribute("aria-selected", on ? "true" : "false");
      if (on && focus) row.querySelector("a")?.focus();
    });
  };
  const move = (step) => {
    const all = rows();
    if (!all.length) return;
    const at = all.findIndex((row) => row.dataset.id === selectedId);
    const next = at < 0 ? 0 : Math.max(0, Math.min(at + step, all.length - 1));
    selectedId = all[next].dataset.id;
    paint(true);
  };
  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.metaKey || event.ctrlKey || event.altKey) return;
    const row = rows().find((r) => r.dataset.id === selectedId);
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "Enter" && row && tag !== "button" && tag !== "a") { window.location = row.dataset.href; }
    else if (event.key === "c" && row) { row.querySelector("[data-claim]")?.click(); }
  });
  box.addEventListener("htmx:afterSwap", () => paint(box.contains(document.activeElement) || document.activeElement === document.body));
})();
