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

// An htmx request that failed in a way the server could not put into words (a server error, no network): say so
// in the page's alert region. Refusals, "not found" and conflicts arrive as the server's own message, already
// swapped into the region (config/htmx_errors.py), so they are left as they are.
(() => {
  const say = (text) => {
    const region = document.getElementById("htmx-alert");
    if (!region) return;
    const line = document.createElement("p");
    line.className = "error";
    line.textContent = text;
    region.replaceChildren(line);
  };
  const texts = () => document.getElementById("htmx-alert")?.dataset || {};
  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Retarget")) return;
    say(texts().failed || "That did not work. Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", () => {
    say(texts().offline || "The server could not be reached. Check the connection and try again.");
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    // Someone's next action clears an old message; the polls that run by themselves (no triggering event) do not.
    if (event.detail.requestConfig?.triggeringEvent) document.getElementById("htmx-alert")?.replaceChildren();
  });
})();
