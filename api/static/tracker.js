/* Media Analytics tracker: <script src="https://stats.example.org/tracker.js" data-endpoint="https://stats.example.org"></script>
   Tracks media: images (impression on load, view at >= 50 % visible for 1 s, click),
   document links (download) and embedded viewers (preview), <video>/<audio> (load, play, pause, seek,
   ended, buffer_start/buffer_end, error, quality_change, stop on pagehide while playing).
   An element is media when it has data-media-id (sent as mediaId) or when its URL (currentSrc, src, href)
   is on this page's host (or one of data-media-hosts: "cdn.example.org,img.example.org", or "*") and its
   path starts with one of the media URL prefixes: MEDIA_URL_PREFIXES, written into this script by the
   service, or data-media-prefixes ("/media/,/files/"). Its path is sent as mediaUrl (escaped, as the
   browser requests it; the pipeline decodes it and maps it to an item as it maps access-log paths).
   Events are batched and sent with sendBeacon on pagehide/visibilitychange (and every 10 s).
   data-require-consent: nothing is tracked until mediaAnalytics.consent(true). Global Privacy Control: nothing. */
(function (w, d) {
  var s = d.currentScript, n = navigator;
  if (!s || w.mediaAnalytics) return;
  var base = (s.getAttribute("data-endpoint") || s.src.replace(/\/tracker\.js.*$/, "")).replace(/\/+$/, ""),
    urls = { u: base + "/api/analytics/media/track", p: base + "/api/analytics/media/engagement" },
    consent = !s.hasAttribute("data-require-consent"),
    off = n.globalPrivacyControl === true,
    user = s.getAttribute("data-user-id"),
    prefixes = list("prefixes").map(function (p) { return "/" + p.replace(/^\/+|\/+$/g, "") + "/"; }),
    hosts = list("hosts").concat(location.host),
    queue = { u: [], p: [] }, stops = [], session;
  // MEDIA_URL_PREFIXES: the service writes the setting into the next line when it serves this file.
  if (!prefixes.length) prefixes = ["/media/"];
  try {
    session = sessionStorage.getItem("ma_sid");
    if (!session) sessionStorage.setItem("ma_sid", session = uid());
  } catch (e) { session = uid(); }

  function uid() {
    return w.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function list(name) {
    return (s.getAttribute("data-media-" + name) || "").trim().split(/\s*,\s*/).filter(String);
  }
  // The path of el's URL when it is media by URL: on an allowed host, under a prefix. An image's URL is
  // its currentSrc (the srcset candidate shown) once loaded, its src before (a lazy loader may set it).
  function mediaUrl(el) {
    var u = el.complete && el.currentSrc || el.src || el.currentSrc || el.href || el.data
      || (el.querySelector("source") || 0).src, p;
    if (u) try { p = (u = new URL(u, location)).pathname; p = decodeURI(p); } catch (e) {}
    if (p && (hosts.indexOf(u.host) + 1 || hosts.indexOf("*") + 1))
      for (var i = 0; i < prefixes.length; i++) if (!p.indexOf(prefixes[i])) return u.pathname;
  }

  function send(kind, el, ev) {
    if (off || !consent) return;
    var id = el.getAttribute("data-media-id");
    if (id) ev.mediaId = id;
    else if (!(ev.mediaUrl = mediaUrl(el))) return;
    ev.eventId = uid();
    ev.timestamp = new Date().toISOString();
    ev.sessionId = session;
    if (user) ev.userId = user;
    if (kind == "u") {
      ev.pageUrl = location.href;
      if (d.referrer) ev.referrer = d.referrer;
      ev.usage = el.getAttribute("data-usage") || undefined;
    }
    queue[kind].push(ev);
    if (queue[kind].length >= 50) flush();
  }

  function flush() {
    for (var kind in queue) {
      var batch = queue[kind];
      if (!batch.length) continue;
      queue[kind] = [];
      var body = JSON.stringify(batch);
      // A string is sent as text/plain: a "simple" request, no CORS preflight.
      if (!(n.sendBeacon && n.sendBeacon(urls[kind], body)) && w.fetch)
        fetch(urls[kind], { method: "POST", body: body, keepalive: true,
                            headers: { "Content-Type": "text/plain" } }).catch(function () {});
    }
  }

  // Images: impression when loaded, view when >= half of it is in the viewport for 1 s, click.
  var seen = w.IntersectionObserver && new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      var el = e.target;
      clearTimeout(el._maT);
      if (e.intersectionRatio >= 0.5) el._maT = setTimeout(function () {
        seen.unobserve(el);
        send("u", el, { eventType: "view" });
      }, 1000);
    });
  }, { threshold: [0, 0.5] });

  function image(el) {
    function loaded() {
      if (el._maL || !el.naturalWidth) return;
      el._maL = 1;
      send("u", el, { eventType: "impression" });
    }
    if (el.complete) loaded();
    el.addEventListener("load", loaded);
    if (seen) seen.observe(el);
    el.addEventListener("click", function () { send("u", el, { eventType: "click" }); });
  }

  // Players. Positions in seconds; a seek's from-position is where playback was when it began.
  function player(el) {
    var last = 0, at = 0, from = null, waiting = false, height = 0;
    function position() {
      return el.paused || !at ? last : last + (performance.now() - at) / 1000 * el.playbackRate;
    }
    function ev(type, extra) {
      var e = { eventType: type, position: el.currentTime };
      if (isFinite(el.duration) && el.duration > 0) e.duration = el.duration;
      for (var k in extra) e[k] = extra[k];
      send("p", el, e);
    }
    function on(name, fn) { el.addEventListener(name, fn); }
    on("timeupdate", function () { if (!el.seeking) { last = el.currentTime; at = performance.now(); } });
    on("loadedmetadata", function () { height = el.videoHeight || 0; ev("load"); });
    on("play", function () { last = el.currentTime; at = performance.now(); ev("play"); });
    on("pause", function () { if (!el.ended && !el.seeking) ev("pause"); last = el.currentTime; at = 0; });
    on("seeking", function () { if (from === null) from = position(); });
    on("seeked", function () {
      if (from === null) return;
      ev("seek", { fromPosition: from, toPosition: el.currentTime });
      from = null;
      last = el.currentTime;
      at = el.paused ? 0 : performance.now();
      if (!el.paused) ev("play");  // playback goes on from the new position: a new segment
    });
    on("ended", function () { ev("ended"); at = 0; });
    on("waiting", function () { if (!waiting) { waiting = true; ev("buffer_start"); } });
    on("playing", function () { if (waiting) { waiting = false; ev("buffer_end"); } });
    on("error", function () { ev("error"); });
    on("resize", function () {
      if (height && el.videoHeight && el.videoHeight != height) ev("quality_change", { quality: el.videoHeight + "p" });
      height = el.videoHeight;
    });
    stops.push(function () { if (!el.paused && !el.ended) ev("stop", { position: position() }); });
  }

  // Elements that are not media yet are looked at again when the page changes (a lazy-loading
  // script that sets src later).
  function scan() {
    var els = d.querySelectorAll("[data-media-id],img,video,audio,a[href],iframe,embed,object");
    for (var i = 0; i < els.length; i++) {
      var el = els[i], tag = el.tagName;
      if (el._ma || !(el.hasAttribute("data-media-id") || mediaUrl(el))) continue;
      el._ma = 1;
      if (tag == "IMG") image(el);
      else if (tag == "VIDEO" || tag == "AUDIO") player(el);
      else if (tag == "A") el.addEventListener("click", function () { send("u", this, { eventType: "download" }); });
      else if (/^(IFRAME|EMBED|OBJECT)$/.test(tag)) send("u", el, { eventType: "preview" });
    }
  }

  w.mediaAnalytics = {
    consent: function (yes) { consent = !!yes; if (!consent) queue = { u: [], p: [] }; },
    scan: scan,
    flush: flush
  };
  w.addEventListener("pagehide", function () { stops.forEach(function (f) { f(); }); flush(); });
  d.addEventListener("visibilitychange", function () { if (d.hidden) flush(); });
  setInterval(flush, 10000);
  if (d.readyState == "loading") d.addEventListener("DOMContentLoaded", scan);
  else scan();
  if (w.MutationObserver) new MutationObserver(scan).observe(d.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["src", "href"] });
})(window, document);
