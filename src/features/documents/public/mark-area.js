// Progressive enhancement of "Mark an area to redact": drag on the page's picture to fill in the area's
// position. Without JavaScript the same fields are typed in; with it they stay editable.
const container = document.querySelector('[data-mark-area]');
const image = container?.querySelector('img');
const fields = ['left', 'top', 'width', 'height'].map((name) => document.getElementById(name));

if (container && image && fields.every(Boolean)) {
  const [left, top, width, height] = fields;
  const box = document.createElement('div');
  box.className = 'app-mark-area__box';
  box.hidden = true;
  container.append(box);
  const hint = document.createElement('p');
  hint.className = 'govuk-body';
  hint.textContent = 'You can also drag across the page to mark the area.';
  container.before(hint);

  const round = (n) => Math.round(n * 100) / 100;
  const clamp = (n) => Math.min(100, Math.max(0, n));
  const percentAt = (event) => {
    const r = image.getBoundingClientRect();
    return {
      x: clamp(((event.clientX - r.left) / r.width) * 100),
      y: clamp(((event.clientY - r.top) / r.height) * 100),
    };
  };
  const show = () => {
    const values = [left, top, width, height].map((f) => Number(f.value));
    if (values.some((v) => Number.isNaN(v)) || values[2] <= 0 || values[3] <= 0) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.style.left = `${values[0]}%`;
    box.style.top = `${values[1]}%`;
    box.style.width = `${values[2]}%`;
    box.style.height = `${values[3]}%`;
  };
  let start = null;
  image.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    start = percentAt(event);
    image.setPointerCapture(event.pointerId);
  });
  image.addEventListener('pointermove', (event) => {
    if (!start) return;
    const now = percentAt(event);
    left.value = round(Math.min(start.x, now.x));
    top.value = round(Math.min(start.y, now.y));
    width.value = round(Math.abs(now.x - start.x));
    height.value = round(Math.abs(now.y - start.y));
    show();
  });
  image.addEventListener('pointerup', () => {
    start = null;
  });
  for (const field of fields) field.addEventListener('input', show);
  show();
}
