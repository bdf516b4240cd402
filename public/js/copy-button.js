// Copy buttons for read-only fields: <button data-copy="field-id" hidden>. The buttons
// stay hidden without this script; the fields can then be selected and copied by hand.
(function () {
  const status = document.querySelector('[data-copy-status]');
  const announce = (text) => {
    if (status) status.textContent = text;
  };
  const copy = async (field) => {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(field.value);
      return;
    }
    // Older browsers and plain-http addresses: copy the selection.
    field.select();
    if (!document.execCommand('copy')) throw new Error('copy refused');
  };
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      copy(field).then(
        () => announce('Copied to the clipboard.'),
        () => {
          field.select();
          announce('Copying was refused; the link is selected, copy it with your keyboard.');
        },
      );
    });
  }
})();
