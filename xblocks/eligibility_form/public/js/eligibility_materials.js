/* The learner's documents: one list item per required or optional material, with a translated file picker,
 * upload progress, the uploaded file's link and size, and a delete button while the form is editable.
 * ctx.render(newState) redraws the form after an upload or a deletion. */
(function (root) {
  "use strict";
  var EligibilityForm = root.EligibilityForm = root.EligibilityForm || {};

  function upload(ctx, kind, file, progress, error) {
    var S = ctx.S, body = new FormData();
    body.append("kind", kind);
    body.append("file", file);
    var xhr = new XMLHttpRequest();  // XMLHttpRequest, not fetch: it reports upload progress
    xhr.open("POST", ctx.url("upload_material"));
    xhr.setRequestHeader("X-CSRFToken", root.CarbonHttp.csrfToken());
    xhr.withCredentials = true;
    progress.hidden = false; progress.value = 0; error.textContent = "";
    ctx.say(".ef-upload-message", S.uploading);
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { progress.value = Math.round(100 * event.loaded / event.total); }
    });
    xhr.addEventListener("load", function () {
      var data;
      try { data = JSON.parse(xhr.responseText); } catch (ignore) { data = {}; }
      progress.hidden = true;
      if (xhr.status === 200) {
        ctx.render(data);
        var again = ctx.element.querySelector(".ef-materials li[data-kind='" + kind + "'] input[type=file]");
        if (again) { again.focus(); }  // the list was drawn anew: keep the keyboard where it was
        ctx.say(".ef-upload-message", S.uploaded);
      } else {
        var message = data.error ? data.error.message : (data.success || S.failed);
        error.textContent = message; ctx.say(".ef-upload-message", message);
      }
    });
    xhr.addEventListener("error", function () { progress.hidden = true; error.textContent = S.failed; });
    xhr.send(body);
  }

  /* The list item of `material` ({kind, label, required, accepts, file}) for the form's `state`. */
  EligibilityForm.materialItem = function (ctx, state, material) {
    var S = ctx.S, make = root.CarbonDom.make, fmt = root.CarbonDom.fmt;
    var inputId = root.CarbonDom.uniqueId("ef-file-" + material.kind + "-");
    // The native file input is visually hidden (its button would speak the browser's language, e.g.
    // "Choose File"); it stays focusable and is named by the material and the visible, translated button.
    var name = make("span", {className: "ef-material-name", id: inputId + "-name",
      text: material.label + (material.required ? " *" : "")});
    var input = make("input", {type: "file", id: inputId, className: "ef-file-input", accept: material.accepts,
      disabled: !state.editable, "aria-labelledby": name.id + " " + inputId + "-button", "aria-describedby": inputId + "-chosen"});
    var button = make("label", {"for": inputId, id: inputId + "-button", className: "ef-file-button",
      text: material.file ? S.replace_file : S.choose_file});
    var chosen = make("span", {className: "ef-file-name", id: inputId + "-chosen", text: material.file ? material.file.name : S.no_file});
    var progress = make("progress", {max: "100", value: "0", hidden: true, "aria-label": name.textContent});
    var info = make("span", {className: "ef-material-info"});
    var error = make("p", {className: "ef-field-error", role: "alert"});
    var li = make("li", {className: "ef-material", "data-kind": material.kind},
      [name, make("span", {className: "ef-file"}, [input, button, chosen]), progress, info, error]);
    if (material.file) {
      info.append(S.uploaded + " ", make("a", {href: material.file.url, target: "_blank", rel: "noopener",
        text: fmt(S.view_size, {size: root.EligibilityForm.rules.humanSize(material.file.size)})}));
      if (state.editable) {
        var remove = make("button", {type: "button", className: "ef-delete", text: S["delete"]});
        remove.addEventListener("click", function () {
          ctx.request("POST", "delete_material", {kind: material.kind}).then(ctx.render, function (e) { error.textContent = e.message; });
        });
        info.append(" ", remove);
      }
    }
    input.addEventListener("change", function () {
      if (input.files[0]) { chosen.textContent = input.files[0].name; upload(ctx, material.kind, input.files[0], progress, error); }
    });
    return li;
  };
}(this));
