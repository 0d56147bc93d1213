/**
 * The plugin's few styles as one stylesheet, injected once. Paste components would each bring Paste's
 * theme engine and every theme's tokens into the bundle (and, bundled, they do not see the theme Flex
 * provides), so the small pieces here use Paste's token names as CSS custom properties with the default
 * theme's values as fallbacks: a page that defines the Paste custom properties restyles them, and admins
 * can target the `data-paste-element` names.
 */
const v = (name: string, fallback: string) => `var(--${name}, ${fallback})`;

const font = v(
  'font-family-text',
  "'Inter var experimental', 'Inter var', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif",
);
const focus = v('shadow-focus', '0 0 0 4px rgba(2, 99, 224, 0.7)');

export const CSS = `
.lp-btn{font-family:${font};font-size:0.875rem;font-weight:600;line-height:1.25rem;border-radius:4px;border:0;padding:0.25rem 0.75rem;cursor:pointer;display:inline-flex;align-items:center;justify-content:center;}
.lp-btn:focus-visible{outline:0;box-shadow:${focus};}
.lp-btn:disabled{cursor:not-allowed;opacity:1;}
.lp-btn--full{width:100%;}
.lp-btn--primary{background:${v('color-background-primary', 'rgb(2, 99, 224)')};color:${v('color-text-inverse', 'rgb(255, 255, 255)')};}
.lp-btn--primary:hover:not(:disabled){background:${v('color-background-primary-strong', 'rgb(0, 20, 137)')};}
.lp-btn--secondary{background:${v('color-background-body', 'rgb(255, 255, 255)')};color:${v('color-text-primary', 'rgb(2, 99, 224)')};box-shadow:0 0 0 1px ${v('color-border-primary', 'rgb(2, 99, 224)')};}
.lp-btn--secondary:hover:not(:disabled){color:${v('color-text-primary-strong', 'rgb(0, 20, 137)')};}
.lp-btn:disabled,.lp-btn--secondary:disabled{background:${v('color-background-strong', 'rgb(225, 227, 234)')};color:${v('color-text-weak', 'rgb(96, 107, 133)')};box-shadow:none;}
.lp-badge{font-family:${font};font-size:0.75rem;font-weight:600;line-height:1.25rem;border-radius:4px;padding:0 0.25rem;display:inline-flex;align-items:center;gap:0.25rem;white-space:nowrap;}
.lp-badge:focus-visible{outline:0;box-shadow:${focus};}
.lp-badge--normal{background:${v('color-background-neutral-weakest', 'rgb(235, 244, 255)')};color:${v('color-text-neutral', 'rgb(0, 20, 137)')};}
.lp-badge--warning{background:${v('color-background-warning-weakest', 'rgb(254, 245, 238)')};color:${v('color-text-warning-strong', 'rgb(141, 49, 24)')};}
.lp-badge--error{background:${v('color-background-error-weakest', 'rgb(254, 236, 236)')};color:${v('color-text-error-strong', 'rgb(173, 17, 17)')};}
.lp-icon{width:1rem;height:1rem;flex:none;fill:currentColor;}
.lp-tip-anchor{position:relative;display:inline-flex;}
.lp-tip{position:absolute;left:0;top:calc(100% + 4px);z-index:80;font-family:${font};font-size:0.75rem;line-height:1.25rem;padding:0.25rem 0.5rem;border-radius:4px;background:${v('color-background-inverse', 'rgb(31, 48, 76)')};color:${v('color-text-inverse', 'rgb(255, 255, 255)')};white-space:nowrap;}
.lp-tip[hidden]{display:none;}
.lp-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0;}
.lp-notice{font-family:${font};display:flex;align-items:center;gap:0.5rem;padding:0.5rem 0.75rem;border-radius:4px;border:1px solid ${v('color-border-weak', 'rgb(202, 205, 216)')};background:${v('color-background-weak', 'rgb(249, 249, 250)')};color:${v('color-text', 'rgb(18, 28, 45)')};font-size:0.875rem;}
.lp-notice__label{font-weight:600;}
.lp-weak{color:${v('color-text-weak', 'rgb(96, 107, 133)')};}
.lp-table{font-family:${font};font-size:0.875rem;border-collapse:collapse;width:100%;color:${v('color-text', 'rgb(18, 28, 45)')};}
.lp-table th,.lp-table td{text-align:left;padding:0.5rem 0.75rem;border-bottom:1px solid ${v('color-border-weaker', 'rgb(225, 227, 234)')};vertical-align:middle;}
.lp-table th{font-weight:600;}
.lp-h{font-family:${font};font-size:1.25rem;font-weight:600;margin:0 0 0.75rem;}
.lp-panel{padding:1rem;}
`;

let injectedInto: Document | undefined;

/** Idempotent and cheap, so components call it while rendering; a no-op outside a browser. */
export function ensureStyles(
  doc: Document | undefined = typeof document !== 'undefined' ? document : undefined,
) {
  if (!doc || injectedInto === doc) return;
  injectedInto = doc;
  if (doc.getElementById('leave-pause-styles')) return;
  const style = doc.createElement('style');
  style.id = 'leave-pause-styles';
  style.textContent = CSS;
  doc.head.appendChild(style);
}
