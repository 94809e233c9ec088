// Shared by the pages of tests/browser (served beside them).
// For engines whose DOM the test cannot read (Firefox, WebKit): with
// ?report=1 the results go to the page's own server in one request, which
// the test reads from its log (without the error texts, to stay short).
function report(results) {
  if (!new URLSearchParams(location.search).get('report')) { return; }
  var brief = {};
  Object.keys(results).forEach(function (k) {
    brief[k] = Object.assign({}, results[k]);
    delete brief[k].error;
  });
  fetch(new URL('/report', location.href).href + '?' +
        encodeURIComponent(JSON.stringify(brief)), {mode: 'no-cors'});
}
