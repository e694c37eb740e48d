// The demo page's stand-in for a host backend: demo mode hands out short-lived tokens for
// the seeded mentee and mentor. A real host mints them with its site key on its own server.
const cached = new Map();

async function demoToken(role, refresh) {
  if (!refresh && cached.has(role)) return cached.get(role);
  const response = await fetch('/v1/demo/participant-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!response.ok) return undefined;
  const { token } = await response.json();
  cached.set(role, token);
  return token;
}

// A coaching widget acts as the person its mode names; a library widget only needs some
// credential to search with, the one of the reader it names in `audience`.
for (const widget of document.querySelectorAll('mentor-coach')) {
  const mode = widget.getAttribute('mode');
  const role = mode === 'mentee' || mode === 'mentor' ? mode : widget.getAttribute('audience') === 'mentor' ? 'mentor' : 'mentee';
  widget.tokenProvider = ({ refresh }) => demoToken(role, refresh);
}
