/** Top-up by bank card: pick or type an amount in the operator's currency, then pay on the payment provider's page. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, linePath, useApi } from '../api/client.ts';
import type { CardPayment, CardTopUpOptions, LineOverview } from '../api/types.ts';
import { Card, ErrorNotice, Loading, PageTitle } from '../components/ui.tsx';
import { currentLocale } from '../i18n/index.ts';

/** Minor units of an amount typed in major units (`150,50` or `150.50`), or null when it is not a number. */
function toMinor(text: string, minorUnits: number): number | null {
  const normalized = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalized)) return null;
  const [whole = '0', fraction = ''] = normalized.split('.');
  if (fraction.length > minorUnits) return null;
  return Number(whole) * 10 ** minorUnits + Number(fraction.padEnd(minorUnits, '0') || '0');
}

function majorText(minor: number, minorUnits: number): string {
  return (minor / 10 ** minorUnits).toFixed(minorUnits);
}

export function TopUpPage(props: { number: string }) {
  const { t } = useTranslation();
  const options = useApi<CardTopUpOptions>('/payments/card-top-up');
  const line = useApi<LineOverview>(linePath(props.number));
  const [amountText, setAmountText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  // One key per amount: a double click or a retry after a network error starts one payment only.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());

  if (options.error) {
    return (
      <>
        <PageTitle>{t('topUp.title')}</PageTitle>
        <ErrorNotice error={options.error} onRetry={options.reload} />
      </>
    );
  }
  if (!options.data) return <Loading />;
  const o = options.data;
  const suggested = o.presets[1] ?? o.presets[0] ?? o.min;
  const text = amountText ?? majorText(suggested.minor, o.minorUnits);
  const minor = toMinor(text, o.minorUnits);
  const valid = minor !== null && minor >= o.min.minor && minor <= o.max.minor;
  const currencyName = new Intl.DisplayNames([currentLocale()], { type: 'currency' }).of(o.currency) ?? o.currency;

  const choose = (value: string) => {
    setAmountText(value);
    setAttempt(crypto.randomUUID());
    setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || minor === null) return;
    setBusy(true);
    setError(undefined);
    try {
      const payment = await api<CardPayment>(linePath(props.number, '/payments'), {
        method: 'POST',
        body: { amount: minor },
        headers: { 'idempotency-key': attempt },
      });
      if (payment.redirectUrl) window.location.assign(payment.redirectUrl);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e)));
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle sub={t('topUp.subtitle')}>{t('topUp.title')}</PageTitle>
      {!o.available ? (
        <div className="notice notice-warn" role="status">
          {t('topUp.unavailable')}
        </div>
      ) : (
        <Card>
          {line.data ? (
            <p className="topup-balance">
              {t('topUp.currentBalance')} <bdi data-testid="current-balance">{line.data.balance.text}</bdi>
            </p>
          ) : null}
          <form onSubmit={(e) => void submit(e)} className="topup-form" noValidate>
            <fieldset className="topup-presets">
              <legend>{t('topUp.presets')}</legend>
              <div className="button-row">
                {o.presets.map((preset) => {
                  const value = majorText(preset.minor, o.minorUnits);
                  const selected = minor === preset.minor;
                  return (
                    <button
                      key={preset.minor}
                      type="button"
                      className={`button ${selected ? '' : 'button-ghost'}`}
                      aria-pressed={selected}
                      onClick={() => choose(value)}
                      data-testid={`preset-${preset.minor}`}
                    >
                      <bdi>{preset.text}</bdi>
                    </button>
                  );
                })}
              </div>
            </fieldset>
            <label htmlFor="topup-amount" className="topup-label">
              {t('topUp.amount', { currency: currencyName })}
            </label>
            <input
              id="topup-amount"
              className="topup-input"
              inputMode="decimal"
              dir="ltr"
              value={text}
              onChange={(e) => choose(e.target.value)}
              aria-describedby="topup-limits"
              aria-invalid={!valid}
              data-testid="amount"
            />
            <p id="topup-limits" className="muted">
              {t('topUp.limits')} <bdi>{o.min.text}</bdi> – <bdi>{o.max.text}</bdi>
            </p>
            {error ? <ErrorNotice error={error} /> : null}
            <div className="button-row">
              <button type="submit" className="button" disabled={!valid || busy} data-testid="pay">
                {busy ? t('topUp.redirecting') : t('topUp.pay')}
              </button>
            </div>
            <p className="muted topup-note">{t('topUp.secureNote')}</p>
          </form>
        </Card>
      )}
    </>
  );
}
