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

for (const widget of document.querySelectorAll('mentor-coach[audience]')) {
  const role = widget.getAttribute('audience');
  widget.tokenProvider = ({ refresh }) => demoToken(role, refresh);
}
