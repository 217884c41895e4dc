"""Accessible names for the widgets' controls, which ipywidgets leaves without one.

ipywidgets 8 draws a slider's handle (a ``role="slider"`` element of noUiSlider) without an
accessible name, since its description is a separate ``<label>``, and icon-only buttons (a Play
widget's) without text, so a screen reader announces "slider" or "button" and axe-core reports
them. Upstream ipywidgets has no setting for either. :func:`ensure_names` displays, once per
kernel, a small script that names each slider handle after its description and each icon-only
button after its icon, for controls drawn now and later. The course's widgets call it when they
are displayed; outside JupyterLab (a static page) nothing runs and nothing is needed.
"""

from __future__ import annotations

#: Names slider handles after their label and icon-only buttons after their icon (idempotent).
SCRIPT = """(() => {
  if (window.courseAccessibleNames) return;
  window.courseAccessibleNames = true;
  const labelOf = (el) => {
    const box = el.closest('.widget-slider, .jupyter-widgets');
    const label = box && box.querySelector('.widget-label');
    return label ? label.textContent.trim().replace(/:$/, '') : '';
  };
  const name = () => {
    document.querySelectorAll('.noUi-handle:not([aria-label])').forEach((handle) => {
      const text = labelOf(handle);
      if (text) handle.setAttribute('aria-label', text);
    });
    document.querySelectorAll('button.jupyter-button:not([aria-label])').forEach((button) => {
      if (button.textContent.trim()) return;
      const icon = button.querySelector('i[class*="fa-"]');
      const cls = icon && [...icon.classList].find((c) => c.startsWith('fa-') && c !== 'fa-fw');
      if (cls) button.setAttribute('aria-label', cls.slice(3));
    });
  };
  name();
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
})();"""

_SHOWN: list[bool] = []


def ensure_names() -> None:
    """Display :data:`SCRIPT` once in this kernel (JupyterLab runs it for trusted outputs)."""
    if _SHOWN:
        return
    from IPython.display import Javascript, display

    display(Javascript(SCRIPT))
    _SHOWN.append(True)
