/* Stand-in for the platform's video player: posts completion once the playhead passes the threshold
 * (0.95 of the duration) or the video ends; seeking to the end counts, as on the platform. */
function DevVideoStandin(runtime, element, args) {
  'use strict';
  var video = element.querySelector('video');
  var status = element.querySelector('.video-status');
  var sent = false;
  function publish() {
    if (sent) { return; }
    sent = true;
    fetch(runtime.handlerUrl(element, 'publish_completion'), {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': window.CarbonDevRuntime.csrfToken()},
      body: JSON.stringify({completion: 1.0})
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      status.textContent = document.documentElement.lang === 'en' ? 'Video complete.' : '视频已完成。';
      element.setAttribute('data-complete', 'true');
    }).catch(function () { sent = false; status.textContent = 'Error: completion not saved'; });
  }
  video.addEventListener('timeupdate', function () {
    if (video.duration && video.currentTime / video.duration >= args.threshold) { publish(); }
  });
  video.addEventListener('ended', publish);
}
