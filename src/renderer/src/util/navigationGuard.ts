/**
 * Keeps the studio page where it is: a click on a link to another origin is cancelled and
 * explained. (Electron also refuses such navigation in the main process; form posts are
 * blocked by the CSP's form-action.)
 */
export function installNavigationGuard(warn: (message: string) => void): () => void {
  const onClick = (e: MouseEvent) => {
    const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || link.hasAttribute('download')) return;
    let target: URL;
    try {
      target = new URL(link.href, location.href);
    } catch {
      e.preventDefault();
      return;
    }
    if (target.origin !== location.origin) {
      e.preventDefault();
      e.stopPropagation();
      warn(`Blocked a link to ${target.origin}: the studio never leaves its own page. Copy the link to open it in your browser.`);
    }
  };
  document.addEventListener('click', onClick, true);
  return () => document.removeEventListener('click', onClick, true);
}
