/* Lentera bid room: server-time countdown and resumable sealed uploads with a progress bar.
 * Progressive enhancement: without JavaScript the form posts the files directly (small files only).
 * Every chunk is sealed by the server as it arrives; after a dropped connection the upload resumes from the
 * offset the server reports, also after a page reload (localStorage remembers the upload session per file). */
(function () {
  "use strict";

  // ---------------------------------------------------------------- countdown in server time
  var cd = document.querySelector("[data-countdown]");
  if (cd) {
    var deadline = Date.parse(cd.dataset.deadline);
    var offset = Date.parse(cd.dataset.serverNow) - Date.now(); // server minus client
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var tick = function () {
      var left = deadline - (Date.now() + offset);
      if (left <= 0) { cd.textContent = cd.dataset.closedText; cd.classList.add("bad"); return; }
      var s = Math.floor(left / 1000), d = Math.floor(s / 86400); s -= d * 86400;
      var h = Math.floor(s / 3600); s -= h * 3600; var m = Math.floor(s / 60); s -= m * 60;
      cd.textContent = (d ? d + " " + cd.dataset.dayText + " " : "") + pad(h) + ":" + pad(m) + ":" + pad(s);
      setTimeout(tick, 1000 - ((Date.now() + offset) % 1000));
    };
    tick();
  }

  // ---------------------------------------------------------------- resumable sealed upload
  var form = document.querySelector("form[data-resumable]");
  if (!form || !window.fetch || !window.Blob || !Blob.prototype.slice) { return; }
  var api = form.dataset.api, tender = form.dataset.tender;
  var csrf = (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var box = document.getElementById("upload-progress");
  var sleep = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };

  function call(method, url, body, type) {
    var headers = { "X-CSRFToken": csrf, "Accept": "application/json" };
    if (type) { headers["Content-Type"] = type; }
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }

  function mb(bytes) { return (bytes / 1048576).toFixed(1).replace(".", form.dataset.decimal || ","); }

  function row(file, index, count) {
    var p = document.createElement("div"); p.className = "upload-row";
    var label = document.createElement("p");
    label.textContent = form.dataset.textSealing + " (" + (index + 1) + "/" + count + "): " + file.name;
    var bar = document.createElement("progress");
    bar.max = file.size || 1; bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    var figures = document.createElement("p"); figures.className = "upload-figures";
    var note = document.createElement("span"); note.className = "helptext";
    p.appendChild(label); p.appendChild(bar); p.appendChild(figures); p.appendChild(note);
    box.appendChild(p);
    var show = function (done) {
      bar.value = done;
      var pct = file.size ? Math.floor(done * 100 / file.size) : 100;
      figures.textContent = pct + " % · " + mb(done) + " / " + mb(file.size) + " MB";
    };
    show(0);
    return { bar: bar, note: note, show: show };
  }

  // One chunk by XMLHttpRequest, whose upload progress events move the bar byte by byte, not chunk by chunk.
  function sendChunk(url, blob, onBytes) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.upload.onprogress = function (e) { onBytes(e.loaded); };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { resolve({ status: 0, data: {} }); };
      xhr.send(blob);
    });
  }

  function key(file) { return "lentera-upload:" + tender + ":" + file.name + ":" + file.size + ":" + file.lastModified; }

  async function session(file, envelope) {
    var saved = localStorage.getItem(key(file));
    if (saved) {
      var s = await call("GET", api + "uploads/" + saved);
      if (s.status === 200 && s.data.open) { return s.data; }
    }
    var r = await call("POST", api + "tenders/" + tender + "/uploads",
      JSON.stringify({ envelope: envelope, file_name: file.name, content_type: file.type || "", size: file.size }),
      "application/json");
    if (r.status !== 201) { throw new Error((r.data.error && r.data.error.message) || form.dataset.textFailed); }
    localStorage.setItem(key(file), r.data.uid);
    return r.data;
  }

  async function upload(file, envelope, index, count) {
    var ui = row(file, index, count);
    var s = await session(file, envelope);
    var received = s.received, chunk = s.chunk_size, failures = 0;
    while (received < file.size) {
      ui.show(received);
      var end = Math.min(received + chunk, file.size);
      var base = received;
      var r = await sendChunk(api + "uploads/" + s.uid + "/chunk?offset=" + received, file.slice(received, end),
        function (loaded) { ui.show(Math.min(base + loaded, end)); });
      if (r.status === 200) { received = r.data.received; failures = 0; ui.note.textContent = ""; continue; }
      if (r.status >= 400 && r.status < 500 && r.status !== 409 && r.status !== 429) {
        throw new Error((r.data.error && r.data.error.message) || form.dataset.textFailed);
      }
      failures += 1;
      ui.note.textContent = " " + form.dataset.textRetry;
      if (failures > 30) { throw new Error(form.dataset.textFailed); }
      await sleep(Math.min(500 * failures, 5000));
      var st = await call("GET", api + "uploads/" + s.uid).catch(function () { return { status: 0 }; });
      if (st.status === 200) { received = st.data.received; }
    }
    ui.show(file.size);
    localStorage.removeItem(key(file));
    return s.uid;
  }

  // ---------------------------------------------------------------- price against the HPS, before sealing
  var price = document.getElementById("id_offer_price");
  var warning = document.getElementById("hps-warning");
  var confirmBox = document.getElementById("id_confirm_above_hps");
  function rupiah(text) {
    text = String(text || "").replace(/\s/g, "").replace(/^rp/i, "");
    if (text.indexOf(",") >= 0) { text = text.replace(/\./g, "").replace(",", "."); }
    else if (/^\d{1,3}(\.\d{3})+$/.test(text)) { text = text.replace(/\./g, ""); }
    return /^\d+(\.\d{1,2})?$/.test(text) ? parseFloat(text) : NaN;
  }
  function aboveHps() {
    if (!price || !warning || !price.dataset.hps) { return false; }
    var value = rupiah(price.value);
    var over = !isNaN(value) && value > parseFloat(price.dataset.hps);
    warning.hidden = !over;
    return over;
  }
  if (price && warning) { price.addEventListener("input", aboveHps); aboveHps(); }

  var uploading = false;
  window.addEventListener("beforeunload", function (event) {
    if (uploading) { event.preventDefault(); event.returnValue = ""; }
  });

  form.addEventListener("submit", function (event) {
    if (aboveHps() && confirmBox && !confirmBox.checked) {
      event.preventDefault();
      confirmBox.focus();
      return;
    }
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file][data-envelope]"));
    var jobs = [];
    inputs.forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (f) { jobs.push([f, input.dataset.envelope]); });
    });
    if (!jobs.length) { return; } // nothing to upload: plain post (the server asks for a file)
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
    box.textContent = "";
    uploading = true;
    (async function () {
      var uids = [];
      for (var i = 0; i < jobs.length; i++) { uids.push(await upload(jobs[i][0], jobs[i][1], i, jobs.length)); }
      return uids;
    })().then(function (uids) {
      uploading = false;
      inputs.forEach(function (input) { input.value = ""; input.disabled = true; });
      var add = function (name, value) {
        var h = document.createElement("input"); h.type = "hidden"; h.name = name; h.value = value; form.appendChild(h);
      };
      add("resumable", "1");
      uids.forEach(function (u) { add("uploads", u); });
      var done = document.createElement("p"); done.textContent = form.dataset.textDone; box.appendChild(done);
      form.submit();
    }).catch(function (err) {
      uploading = false;
      var p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert");
      p.textContent = err.message; box.appendChild(p);
      if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
    });
  });
})();
