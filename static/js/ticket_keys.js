// Keyboard shortcuts on the ticket page. Single keys act only when no text field has the focus (so typing is
// never hijacked); Ctrl+Enter (⌘+Enter) sends the reply from the reply box. The list is on the page itself
// (#shortcuts), which "?" opens. Every shortcut has a button or field it stands for: nothing only the
// keyboard can do.
(() => {
  if (window.tactTicketKeys) return;
  window.tactTicketKeys = true;
  const typing = (el) => el && (["input", "textarea", "select"].includes(el.tagName.toLowerCase()) || el.isContentEditable);
  const focus = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.focus();
    return true;
  };
  const click = (selector) => {
    const el = document.querySelector(selector);
    if (!el || el.disabled) return false;
    el.click();
    return true;
  };
  const keys = {
    r: () => focus("#reply-body"),
    n: () => focus("#note-section textarea"),
    a: () => click("#take-form button"),
    s: () => focus("#ticket-props select[name=status]"),
    m: () => focus("#macro-select"),
    "?": () => {
      const help = document.getElementById("shortcuts");
      if (!help) return false;
      help.open = !help.open;
      if (help.open) help.querySelector("summary").focus();
      return true;
    },
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "reply-body") {
      if (click("#composer .send-actions button[value='']")) event.preventDefault();
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = keys[event.key];
    if (action && action()) event.preventDefault();
  });
})();
