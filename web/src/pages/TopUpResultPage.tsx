/** Back from the payment page: waits until the provider has confirmed the payment, then shows the result and the new balance. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { linePath, useApi } from '../api/client.ts';
import type { CardPayment, LineOverview } from '../api/types.ts';
import { Card, ErrorNotice, Loading, PageTitle, SuccessNotice } from '../components/ui.tsx';

const POLL_MS = 1000;

export function TopUpResultPage(props: { number: string; paymentId: string }) {
  const { t } = useTranslation();
  const payment = useApi<CardPayment>(linePath(props.number, `/payments/${encodeURIComponent(props.paymentId)}`));
  const status = payment.data?.status;
  const line = useApi<LineOverview>(status === 'succeeded' ? linePath(props.number) : null);
  const base = `/lines/${encodeURIComponent(props.number)}`;
  const { reload } = payment;

  useEffect(() => {
    if (status !== 'pending') return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [status, reload, payment.data]);

  if (payment.error) {
    return (
      <>
        <PageTitle>{t('topUp.resultTitle')}</PageTitle>
        <ErrorNotice error={payment.error} onRetry={payment.reload} />
      </>
    );
  }
  if (!payment.data) return <Loading />;
  const p = payment.data;

  return (
    <>
      <PageTitle>{t('topUp.resultTitle')}</PageTitle>
      <Card>
        <div data-testid="payment-status" data-status={p.status}>
          {p.status === 'pending' ? (
            <div className="loading" role="status" aria-live="polite">
              <span className="spinner" aria-hidden="true" />
              {t('topUp.waiting')}
            </div>
          ) : p.status === 'succeeded' ? (
            <SuccessNotice>
              <span>
                {t('topUp.succeeded')} <bdi>{p.amount.text}</bdi>
                {p.card ? (
                  <>
                    {' '}
                    · {t('topUp.card')} <bdi dir="ltr">•••• {p.card.last4}</bdi>
                  </>
                ) : null}
              </span>
            </SuccessNotice>
          ) : (
            <div className="notice notice-error" role="alert">
              <span>{p.status === 'failed' ? t('topUp.declined') : t('topUp.canceled')}</span>
            </div>
          )}
        </div>
        {p.status === 'succeeded' && line.data ? (
          <p className="topup-balance">
            {t('topUp.newBalance')} <bdi data-testid="new-balance">{line.data.balance.text}</bdi>
          </p>
        ) : null}
        <div className="button-row topup-result-actions">
          {p.status === 'failed' || p.status === 'canceled' ? (
            <Link href={`${base}/top-up`} className="button" data-testid="try-again">
              {t('topUp.tryAgain')}
            </Link>
          ) : null}
          <Link href={base} className="button button-ghost">
            {t('topUp.backHome')}
          </Link>
        </div>
      </Card>
    </>
  );
}
