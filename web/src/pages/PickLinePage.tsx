/**
 * The start page. Demo mode: the demo lines to open, plus registering and signing in. Outside demo
 * mode (no demo lines): a signed-in subscriber goes to their own line, anybody else to the login.
 */
import { useTranslation } from 'react-i18next';
import { Link, Redirect } from 'wouter';
import { useApi } from '../api/client.ts';
import type { DemoLine } from '../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone } from '../components/ui.tsx';
import { homeOf, useSession } from '../session.tsx';

export function PickLinePage() {
  const { t } = useTranslation();
  const demo = useApi<{ lines: DemoLine[] }>('/demo/lines');
  const { principal } = useSession();

  if (demo.error?.status === 404) {
    if (principal === undefined) return <Loading />;
    return <Redirect to={principal ? homeOf(principal) : '/login'} replace />;
  }
  return (
    <>
      <PageTitle sub={t('picker.intro')}>{t('picker.title')}</PageTitle>
      <Card className="auth-start">
        {principal ? (
          <div className="button-row">
            <span className="auth-signed-in">
              {t('auth.signedInAs')} <Phone number={principal.number ?? principal.id} />
            </span>
            <Link href={homeOf(principal)} className="button">
              {t('auth.openLine')}
            </Link>
          </div>
        ) : (
          <div className="button-row">
            <Link href="/register" className="button">
              {t('auth.register.title')}
            </Link>
            <Link href="/login" className="button button-ghost">
              {t('auth.login.link')}
            </Link>
          </div>
        )}
      </Card>
      {demo.error ? <ErrorNotice error={demo.error} onRetry={demo.reload} /> : null}
      {demo.loading && !demo.data ? <Loading /> : null}
      <ul className="line-grid" aria-label={t('picker.title')}>
        {demo.data?.lines.map((line) => (
          <li key={line.number}>
            <Link href={`/lines/${encodeURIComponent(line.number)}`} className="line-card" data-number={line.number}>
              <span className="line-card-number">
                <Phone number={line.number} />
              </span>
              <span className="line-card-name">
                <bdi>{line.customer}</bdi>
              </span>
              <span className="badges">
                <Badge tone={line.segment === 'consumer' ? 'neutral' : 'brand'}>{t(`segment.${line.segment}`)}</Badge>
                <Badge>{t(`payment.${line.paymentType}`)}</Badge>
                <Badge>{t(`lineType.${line.lineType}`)}</Badge>
                {line.status !== 'active' ? <Badge tone="bad">{t(`status.${line.status}`)}</Badge> : null}
              </span>
              <span className="line-card-go" aria-hidden="true">
                →
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
