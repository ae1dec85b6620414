/* Stand-in for the platform's video player (xmodule/js/src/video/): it sends the same tracking events as the
 * player's events plugin (09_events_plugin.js: play_video, pause_video, seek_video, stop_video,
 * complete_video, speed_change_video, with id, code, duration and currentTime) to /event, as the platform's
 * Logger.log does (form fields event_type, event (JSON), courserun_key, page), and publishes completion once
 * the playhead passes the threshold or the video ends (09_completion.js). */
function DevVideoStandin(runtime, element, args) {
  'use strict';
  var video = element.querySelector('video');
  var status = element.querySelector('.video-status');
  var sent = false;
  var emitPlayVideoEvent = true;
  var lastTime = 0;
  var speed = speedToString(video.playbackRate);

  function speedToString(rate) { return parseFloat(rate).toFixed(2).replace(/\.00$/, '.0'); }

  function log(eventName, data) {  // Logger.log(eventName, logInfo) of the platform's player
    var info = {id: args.id, code: 'html5', duration: video.duration || 0};
    Object.keys(data || {}).forEach(function (key) { info[key] = data[key]; });
    var body = new URLSearchParams({event_type: eventName, event: JSON.stringify(info),
                                    courserun_key: args.course_id, page: window.location.href});
    return fetch(args.event_url, {
      method: 'POST', credentials: 'same-origin', keepalive: true, body: body,
      headers: {'X-CSRFToken': window.CarbonDevRuntime.csrfToken()}
    }).then(function (response) {
      element.setAttribute('data-events-sent', String(Number(element.getAttribute('data-events-sent') || 0) + 1));
      return response;
    }).catch(function () { /* the platform's Logger ignores failures too */ });
  }

  function publish() {
    if (sent) { return; }
    sent = true;
    log('complete_video', {currentTime: video.currentTime});
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

  video.addEventListener('playing', function () {  // the player's PLAYING state (also after a seek)
    if (emitPlayVideoEvent) {
      log('play_video', {currentTime: video.currentTime});
      emitPlayVideoEvent = false;
    }
  });
  video.addEventListener('pause', function () {
    if (video.ended) { return; }  // the player reports the end as stop_video only
    log('pause_video', {currentTime: video.currentTime});
    emitPlayVideoEvent = true;
  });
  video.addEventListener('ended', function () {
    log('stop_video', {currentTime: video.currentTime});
    emitPlayVideoEvent = true;
    publish();
  });
  video.addEventListener('seeking', function () {
    log('seek_video', {old_time: lastTime, new_time: video.currentTime, type: 'onSlideSeek'});
    lastTime = video.currentTime;
    emitPlayVideoEvent = true;
  });
  video.addEventListener('ratechange', function () {
    var newSpeed = speedToString(video.playbackRate);
    log('speed_change_video', {current_time: video.currentTime, old_speed: speed, new_speed: newSpeed});
    speed = newSpeed;
  });
  video.addEventListener('timeupdate', function () {
    if (!video.seeking) { lastTime = video.currentTime; }
    if (video.duration && video.currentTime / video.duration >= args.threshold) { publish(); }
  });
}
