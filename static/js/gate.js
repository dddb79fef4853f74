// The reply composer keeps a copy of what the agent types in this browser until the server has it, so a
// closed tab or a dropped connection loses nothing. The server-side draft (saved as they type) is the main copy.
(() => {
  if (window.tactGate) return;
  window.tactGate = true;
  const box = () => document.getElementById("reply-body");
  const keyOf = (el) => el.closest("[data-draft-key]")?.dataset.draftKey;
  let unsaved = false;
  let sent = false;
  const restore = () => {
    const el = box(); const key = el && keyOf(el);
    if (!key || el.readOnly) return;
    const kept = localStorage.getItem(key);
    if (kept && !el.value.trim()) {
      el.value = kept;
      const status = document.getElementById("draft-status");
      if (status) status.textContent = "Restored the text you had not sent yet.";
    }
  };
  document.addEventListener("input", (event) => {
    if (event.target.id !== "reply-body") return;
    const key = keyOf(event.target);
    if (key) localStorage.setItem(key, event.target.value);
    unsaved = true;
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.successful) return;
    const path = event.detail.requestConfig?.path || "";
    if (path.endsWith("/draft/")) unsaved = false;
    if (path.endsWith("/send/")) { unsaved = false; sent = true; }
    // "Send and set status" published at once reloads the page (HX-Refresh): forget the text before that.
    if (event.detail.xhr?.getResponseHeader("HX-Refresh")) {
      const el = box(); const key = el && keyOf(el);
      if (key) localStorage.removeItem(key);
    }
  });
  document.addEventListener("htmx:afterSettle", () => {
    const el = box(); const key = el && keyOf(el);
    // Sent without errors: the server holds the text now, so the browser's copy must not come back.
    if (sent && key && !document.querySelector("#composer [role=alert]")) localStorage.removeItem(key);
    sent = false;
    restore();
  });
  document.addEventListener("DOMContentLoaded", restore);
  if (document.readyState !== "loading") restore();
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });
})();
