/** The frame of every page: header with brand and language, line navigation, demo notice, footer. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { changeLanguage, LANGUAGES, type Language } from '../i18n/index.ts';
import { useOperator } from '../operator.tsx';
import { useSession } from '../session.tsx';
import { Phone } from './ui.tsx';

export function Layout(props: { number?: string | undefined; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const operator = useOperator();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation, move focus to the new page (screen readers read on from there).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location]);

  const base = props.number ? `/lines/${encodeURIComponent(props.number)}` : undefined;
  const tabs = base
    ? [
        { href: base, label: t('nav.home') },
        { href: `${base}/manage`, label: t('nav.manage') },
        { href: `${base}/history`, label: t('nav.history') },
        { href: `${base}/details`, label: t('details.nav') },
      ]
    : [];
  const support = operator?.contacts.domestic;
  const session = useSession();
  const [, navigate] = useLocation();

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              {(operator?.brand ?? 'K').slice(0, 1)}
            </span>
            <span className="brand-text">
              <span className="brand-name">{operator?.brand ?? t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <div className="topbar-tools">
            {props.number ? (
              <Link href="/" className="number-chip" title={t('nav.changeNumber')}>
                <Phone number={props.number} />
                <span className="sr-only">{t('nav.changeNumber')}</span>
              </Link>
            ) : null}
            {session.principal ? (
              <span className="session-chip" data-testid="session">
                <span className="sr-only">{t('auth.signedInAs')}</span>
                <Phone number={session.principal.number ?? session.principal.id} />
                <button
                  type="button"
                  className="button button-ghost button-small"
                  onClick={() => void session.logOut().finally(() => navigate('/'))}
                >
                  {t('auth.logOut')}
                </button>
              </span>
            ) : session.principal === null ? (
              <span className="session-chip">
                <Link href="/login" className="session-link">
                  {t('auth.login.link')}
                </Link>
                <Link href="/register" className="session-link">
                  {t('auth.register.link')}
                </Link>
              </span>
            ) : null}
            <Link href="/business" className="business-link" aria-current={location.startsWith('/business') ? 'page' : undefined}>
              {t('business.link')}
            </Link>
            <label className="language">
              <span className="sr-only">{t('nav.language')}</span>
              <svg className="language-icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
                <circle cx="12" cy="12" r="9" />
                <path d="M3 12h18M12 3c2.5 2.7 3.7 5.7 3.7 9s-1.2 6.3-3.7 9c-2.5-2.7-3.7-5.7-3.7-9S9.5 5.7 12 3z" />
              </svg>
              <select
                value={i18n.language}
                onChange={(e) => void changeLanguage(e.target.value as Language)}
                aria-label={t('nav.language')}
              >
                {LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code} lang={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        {tabs.length > 0 ? (
          <nav className="tabs" aria-label={t('nav.main')}>
            <div className="tabs-inner">
              {tabs.map((tab) => (
                <Link key={tab.href} href={tab.href} className="tab" aria-current={location === tab.href ? 'page' : undefined}>
                  {tab.label}
                </Link>
              ))}
            </div>
          </nav>
        ) : null}
      </header>
      {operator?.mode === 'demo' ? (
        <p className="demo-banner" role="note">
          {t('app.demo')}
        </p>
      ) : null}
      <main id="main" ref={main} className="content" tabIndex={-1}>
        {props.children}
      </main>
      <footer className="footer">
        <bdi>{operator?.name}</bdi>
        {support ? <span>{t('app.support', { number: Array.isArray(support) ? support[0] : support })}</span> : null}
      </footer>
    </div>
  );
}
