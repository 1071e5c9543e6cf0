/**
 * Manage (S4.5): change the tariff after a quote from the server (new fee, what changes, from
 * when), and turn services on and off. The server decides everything; this page shows it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, linePath, useApi } from '../api/client.ts';
import type { Offers, ServiceChange, TariffQuote } from '../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, SuccessNotice } from '../components/ui.tsx';
import { formatCount, formatData, formatDate } from '../format.ts';
import { periodText } from './HomePage.tsx';

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; error: ApiError };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
}

export function ManagePage(props: { number: string }) {
  const { t } = useTranslation();
  const offers = useApi<Offers>(linePath(props.number, '/offers'));
  const loaded = offers.data !== undefined;
  useEffect(() => {
    if (loaded && window.location.hash === '#services') document.getElementById('services')?.scrollIntoView();
  }, [loaded]);

  if (offers.error) {
    return (
      <>
        <PageTitle>{t('manage.title')}</PageTitle>
        <ErrorNotice error={offers.error} onRetry={offers.reload} />
      </>
    );
  }
  if (!offers.data) return <Loading />;
  return (
    <>
      <PageTitle>{t('manage.title')}</PageTitle>
      <div className="stack">
        <TariffChooser number={props.number} offers={offers.data} onChanged={offers.reload} />
        <ServiceSwitches number={props.number} offers={offers.data} onChanged={offers.reload} />
      </div>
    </>
  );
}

function TariffChooser(props: { number: string; offers: Offers; onChanged: () => void }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | undefined>();
  const [quote, setQuote] = useState<TariffQuote | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const askQuote = async (tariffId: string) => {
    setBusy(true);
    setOutcome(undefined);
    setQuote(undefined);
    try {
      setQuote(await api<TariffQuote>(linePath(props.number, '/tariff/quote'), { method: 'POST', body: { tariffId } }));
    } catch (error) {
      setOutcome({ kind: 'error', error: asApiError(error) });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (tariffId: string) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const done = await api<TariffQuote>(linePath(props.number, '/tariff'), { method: 'PUT', body: { tariffId } });
      setQuote(undefined);
      setSelected(undefined);
      setOutcome({ kind: 'ok', text: t('manage.changed', { name: done.to.name }) });
      props.onChanged();
    } catch (error) {
      setOutcome({ kind: 'error', error: asApiError(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('manage.tariffs')} id="tariffs">
      <p className="muted">{t('manage.tariffsHint')}</p>
      <fieldset className="tariff-list" disabled={busy}>
        <legend className="sr-only">{t('manage.tariffs')}</legend>
        {props.offers.tariffs.map((tariff) => {
          const checked = tariff.current ? selected === undefined || selected === tariff.id : selected === tariff.id;
          return (
            <label key={tariff.id} className={`tariff-option${checked ? ' is-selected' : ''}`} data-tariff={tariff.id}>
              <input
                type="radio"
                name="tariff"
                value={tariff.id}
                checked={checked}
                aria-labelledby={`tariff-${tariff.id}-name`}
                aria-describedby={`tariff-${tariff.id}-details`}
                onChange={() => {
                  setSelected(tariff.id);
                  setQuote(undefined);
                  setOutcome(undefined);
                }}
              />
              <span className="tariff-option-body">
                <span className="tariff-option-head">
                  <span className="tariff-option-name" id={`tariff-${tariff.id}-name`}>
                    {tariff.name}
                  </span>
                  {tariff.current ? <Badge tone="brand">{t('manage.current')}</Badge> : null}
                </span>
                <span className="tariff-option-fee" id={`tariff-${tariff.id}-details`}>
                  <bdi>{tariff.fee.text}</bdi> <span className="muted">{periodText(t, tariff.period)}</span>
                </span>
                <span className="muted small">{tariff.description}</span>
                {tariff.included.voiceMinutes + tariff.included.sms + tariff.included.dataMb > 0 ? (
                  <span className="included" aria-label={t('manage.includes')}>
                    {tariff.included.voiceMinutes > 0 ? (
                      <span>{t('manage.minutes', { value: formatCount(tariff.included.voiceMinutes) })}</span>
                    ) : null}
                    {tariff.included.sms > 0 ? <span>{t('manage.sms', { value: formatCount(tariff.included.sms) })}</span> : null}
                    {tariff.included.dataMb > 0 ? <span>{formatData(tariff.included.dataMb)}</span> : null}
                  </span>
                ) : null}
              </span>
            </label>
          );
        })}
      </fieldset>
      {selected && !props.offers.tariffs.find((x) => x.id === selected)?.current && !quote ? (
        <button type="button" className="button" disabled={busy} onClick={() => void askQuote(selected)} data-testid="quote">
          {busy ? t('manage.working') : t('manage.quote')}
        </button>
      ) : null}
      {quote ? (
        <div className="quote" role="region" aria-labelledby="quote-title" data-testid="quote-panel">
          <h3 id="quote-title">{t('manage.quoteTitle', { name: quote.to.name })}</h3>
          <dl className="facts">
            <div>
              <dt>{t('manage.newFee')}</dt>
              <dd data-testid="quote-fee">
                <bdi>{quote.to.fee.text}</bdi> {periodText(t, quote.to.period)}
              </dd>
            </div>
            <div>
              <dt>{t('manage.changeFee')}</dt>
              <dd>
                <bdi>{quote.changeFee.text}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('manage.from')}</dt>
              <dd data-testid="quote-from">{formatDate(quote.effectiveFrom, true)}</dd>
            </div>
            <div>
              <dt>{t('manage.balanceAfter')}</dt>
              <dd>
                <bdi>{quote.balanceAfter.text}</bdi>
              </dd>
            </div>
            {quote.servicesRemoved.length > 0 ? (
              <div>
                <dt>{t('manage.removed')}</dt>
                <dd>{quote.servicesRemoved.map((s) => s.name).join(', ')}</dd>
              </div>
            ) : null}
            {quote.servicesAdded.length > 0 ? (
              <div>
                <dt>{t('manage.added')}</dt>
                <dd>{quote.servicesAdded.map((s) => s.name).join(', ')}</dd>
              </div>
            ) : null}
          </dl>
          {!quote.affordable ? <p className="notice notice-warn">{t('manage.notAffordable')}</p> : null}
          <div className="button-row">
            <button type="button" className="button" disabled={busy} onClick={() => void confirm(quote.to.id)} data-testid="confirm-tariff">
              {busy ? t('manage.working') : t('manage.confirm', { name: quote.to.name })}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => setQuote(undefined)}>
              {t('manage.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <div aria-live="polite">
        {outcome?.kind === 'ok' ? <SuccessNotice>{outcome.text}</SuccessNotice> : null}
        {outcome?.kind === 'error' ? <ErrorNotice error={outcome.error} /> : null}
      </div>
    </Card>
  );
}

function ServiceSwitches(props: { number: string; offers: Offers; onChanged: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<(Outcome & { serviceId: string }) | undefined>();

  const toggle = async (serviceId: string, active: boolean) => {
    setBusy(serviceId);
    setOutcome(undefined);
    try {
      const change = active
        ? await api<ServiceChange>(linePath(props.number, `/services/${encodeURIComponent(serviceId)}`), { method: 'DELETE' })
        : await api<ServiceChange>(linePath(props.number, '/services'), { method: 'POST', body: { serviceId } });
      setOutcome({ kind: 'ok', serviceId, text: t(change.active ? 'manage.enabled' : 'manage.disabled', { name: change.name }) });
      props.onChanged();
    } catch (error) {
      setOutcome({ kind: 'error', serviceId, error: asApiError(error) });
      props.onChanged(); // the refusal may mean this screen was out of date
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={t('manage.services')} id="services">
      <p className="muted">{t('manage.servicesHint')}</p>
      <ul className="service-list">
        {props.offers.services.map((s) => (
          <li key={s.id} className="service" data-service={s.id}>
            <div className="service-body">
              <div className="service-head">
                <span className="service-name" id={`service-${s.id}`}>
                  {s.name}
                </span>
                {s.pilot ? <Badge tone="warn">{t('home.pilot')}</Badge> : null}
                {s.includedInTariff ? <Badge tone="good">{t('manage.includedInTariff')}</Badge> : null}
              </div>
              <p className="muted small">{s.description}</p>
              <p className="small">
                {s.fee && s.fee.minor > 0 ? (
                  <>
                    <bdi>{s.fee.text}</bdi> {periodText(t, s.period)}
                  </>
                ) : (
                  t('home.free')
                )}
                {s.activationFee.minor > 0 ? <> · {t('manage.activation', { amount: s.activationFee.text })}</> : null}
                {s.ussd ? (
                  <>
                    {' · '}
                    <bdi dir="ltr">{s.ussd}</bdi>
                  </>
                ) : null}
              </p>
              {outcome?.serviceId === s.id ? (
                outcome.kind === 'ok' ? (
                  <SuccessNotice>{outcome.text}</SuccessNotice>
                ) : (
                  <ErrorNotice error={outcome.error} />
                )
              ) : null}
            </div>
            {s.includedInTariff ? null : (
              <button
                type="button"
                role="switch"
                aria-checked={s.active}
                aria-labelledby={`service-${s.id}`}
                className={`switch${s.active ? ' is-on' : ''}`}
                disabled={busy !== undefined}
                onClick={() => void toggle(s.id, s.active)}
                title={s.active ? t('manage.disable') : t('manage.enable')}
              >
                <span className="switch-track" aria-hidden="true">
                  <span className="switch-thumb" />
                </span>
                <span className="switch-text">{busy === s.id ? t('manage.working') : s.active ? t('manage.on') : t('manage.off')}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
