/* A modal confirmation inside the exam's element (a native <dialog>): its lines, a cancel and a confirm
 * button; focus starts on cancel and returns to `opener` when it closes. */
(function (root) {
  "use strict";
  var CarbonExam = root.CarbonExam = root.CarbonExam || {};

  /* options: {lines: [text], confirm: label, cancel: label, className}. onConfirm runs after it closes. */
  CarbonExam.confirmDialog = function (ctx, options, onConfirm) {
    var make = root.CarbonDom.make, titleId = ctx.uid + "-dlg";
    var opener = document.activeElement;
    var dialog = make("dialog", {className: "ce-dialog " + (options.className || ""), "aria-labelledby": titleId},
      options.lines.filter(Boolean).map(function (line, index) {
        return make("p", {id: index === 0 ? titleId : null, text: line});
      }));
    var cancel = make("button", {type: "button", className: "ce-cancel", text: options.cancel});
    var confirm = make("button", {type: "button", className: "ce-confirm", text: options.confirm});
    function close() {
      if (dialog.open && dialog.close) { dialog.close(); }
      dialog.remove();
      if (opener && opener.isConnected) { opener.focus(); }
    }
    cancel.addEventListener("click", close);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); close(); });
    confirm.addEventListener("click", function () { close(); onConfirm(); });
    dialog.appendChild(make("div", {className: "ce-dialog-buttons"}, [cancel, confirm]));
    ctx.root.appendChild(dialog);
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    cancel.focus();
    return dialog;
  };
}(this));
