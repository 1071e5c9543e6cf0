/**
 * Manage (S4.4, S4.5, S4.7): change the tariff after a quote from the server (new fee, what
 * changes, from when), turn services on and off, keep the black list, take a promised payment.
 * The server decides everything; this page shows it.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, linePath, useApi } from '../api/client.ts';
import type {
  BlackList,
  BlackListChange,
  Offers,
  PromisedPayment,
  PromisedPaymentOffer,
  ServiceChange,
  TariffQuote,
} from '../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone, SuccessNotice } from '../components/ui.tsx';
import { formatCount, formatData, formatDate, formatNumber } from '../format.ts';
import { periodText } from './HomePage.tsx';

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; error: ApiError };

/** A phone number inside a sentence: grouped for reading and isolated left to right (Persian text flows around it). */
function numberInText(e164: string): string {
  return `\u2066${formatNumber(e164)}\u2069`;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
}

export function ManagePage(props: { number: string }) {
  const { t } = useTranslation();
  const offers = useApi<Offers>(linePath(props.number, '/offers'));
  const blackList = useApi<BlackList>(linePath(props.number, '/black-list'));
  const loaded = offers.data !== undefined && blackList.data !== undefined;
  useEffect(() => {
    const anchor = window.location.hash.slice(1);
    if (loaded && /^[a-z-]+$/.test(anchor)) document.getElementById(anchor)?.scrollIntoView();
  }, [loaded]);
  // A service switch may turn the black list on or off, and the black list's button turns its service on.
  const reloadAll = () => {
    offers.reload();
    blackList.reload();
  };

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
        <TariffChooser number={props.number} offers={offers.data} onChanged={reloadAll} />
        <ServiceSwitches number={props.number} offers={offers.data} onChanged={reloadAll} />
        {blackList.error ? <ErrorNotice error={blackList.error} onRetry={blackList.reload} /> : null}
        {blackList.data?.service ? <BlackListSection number={props.number} list={blackList.data} onChanged={reloadAll} /> : null}
        <PromisedPaymentSection number={props.number} />
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
              <dt>{t('quote.currentFee')}</dt>
              <dd data-testid="quote-current-fee">
                <bdi>{quote.from.fee.text}</bdi> {periodText(t, quote.from.period)}
              </dd>
            </div>
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

function BlackListSection(props: { number: string; list: BlackList; onChanged: () => void }) {
  const { t } = useTranslation();
  const fieldId = useId();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<ApiError | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [confirming, setConfirming] = useState<string | undefined>();
  const list = props.list;
  const service = list.service;
  if (!service) return null;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      await work();
    } catch (error) {
      setOutcome({ kind: 'error', error: asApiError(error) });
    } finally {
      setBusy(false);
    }
  };

  const enable = () =>
    run(async () => {
      await api<ServiceChange>(linePath(props.number, '/services'), { method: 'POST', body: { serviceId: service.id } });
      props.onChanged();
    });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(undefined);
    setBusy(true);
    setOutcome(undefined);
    try {
      const change = await api<BlackListChange>(linePath(props.number, '/black-list'), { method: 'POST', body: { number: value } });
      setValue('');
      setOutcome({
        kind: 'ok',
        text: t(change.changed ? 'blackList.added' : 'blackList.already', { number: numberInText(change.blocked) }),
      });
      props.onChanged();
    } catch (error) {
      const problem = asApiError(error);
      // A problem with the typed number belongs next to the field; anything else below the list.
      if (['invalid_number', 'black_list_own_number', 'invalid_input'].includes(problem.code)) setFieldError(problem);
      else setOutcome({ kind: 'error', error: problem });
    } finally {
      setBusy(false);
    }
  };

  const remove = (blocked: string) =>
    run(async () => {
      setConfirming(undefined);
      const change = await api<BlackListChange>(linePath(props.number, `/black-list/${encodeURIComponent(blocked)}`), {
        method: 'DELETE',
      });
      setOutcome({ kind: 'ok', text: t('blackList.removed', { number: numberInText(change.blocked) }) });
      props.onChanged();
    });

  return (
    <Card title={t('blackList.title')} id="black-list">
      <p className="muted">{t('blackList.hint')}</p>
      {!list.serviceActive ? (
        <div className="notice notice-warn" data-testid="black-list-off">
          <span>{t('blackList.off', { service: service.name })}</span>
          <button type="button" className="button" disabled={busy} onClick={() => void enable()} data-testid="black-list-enable">
            {busy ? t('manage.working') : t('blackList.enable', { service: service.name })}
          </button>
        </div>
      ) : null}
      <p className="small muted" data-testid="black-list-count">
        {t('blackList.count', { n: formatCount(list.numbers.length), max: formatCount(list.max) })}
      </p>
      {list.numbers.length === 0 ? (
        <p className="muted">{t('blackList.empty')}</p>
      ) : (
        <ul className="blocked-list" data-testid="black-list">
          {list.numbers.map((n) => (
            <li key={n.number} className="blocked-item" data-number={n.number}>
              <span className="blocked-number">
                <Phone number={n.number} />
                <span className="muted small">{t('blackList.since', { date: formatDate(n.addedAt) })}</span>
              </span>
              {confirming === n.number ? (
                <span
                  className="blocked-confirm"
                  role="group"
                  aria-label={t('blackList.confirmRemove', { number: numberInText(n.number) })}
                >
                  <span className="small">{t('blackList.confirmRemove', { number: numberInText(n.number) })}</span>
                  <span className="button-row">
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() => void remove(n.number)}
                      data-testid="confirm-remove"
                    >
                      {t('blackList.confirmYes')}
                    </button>
                    <button type="button" className="button button-ghost" disabled={busy} onClick={() => setConfirming(undefined)}>
                      {t('manage.cancel')}
                    </button>
                  </span>
                </span>
              ) : (
                <button
                  type="button"
                  className="button button-ghost"
                  disabled={busy}
                  aria-label={t('blackList.removeLabel', { number: n.number })}
                  onClick={() => setConfirming(n.number)}
                >
                  {t('blackList.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.serviceActive ? (
        <form className="field-form" onSubmit={(e) => void add(e)} noValidate>
          <label htmlFor={fieldId} className="field-label">
            {t('blackList.field')}
          </label>
          <p id={`${fieldId}-hint`} className="small muted">
            {t('blackList.fieldHint')}
          </p>
          <div className="field-row">
            <input
              id={fieldId}
              className="field-input"
              type="tel"
              dir="ltr"
              inputMode="tel"
              autoComplete="off"
              maxLength={32}
              required
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setFieldError(undefined);
              }}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={`${fieldId}-hint${fieldError ? ` ${fieldId}-error` : ''}`}
              data-testid="black-list-input"
            />
            <button type="submit" className="button" disabled={busy || value.trim() === ''} data-testid="black-list-add">
              {busy ? t('manage.working') : t('blackList.add')}
            </button>
          </div>
          {fieldError ? (
            <p id={`${fieldId}-error`} className="field-error" role="alert" data-code={fieldError.code} data-testid="black-list-error">
              {fieldError.detail}
            </p>
          ) : null}
        </form>
      ) : null}
      <div aria-live="polite">
        {outcome?.kind === 'ok' ? <SuccessNotice>{outcome.text}</SuccessNotice> : null}
        {outcome?.kind === 'error' ? <ErrorNotice error={outcome.error} /> : null}
      </div>
    </Card>
  );
}

function PromisedPaymentSection(props: { number: string }) {
  const { t } = useTranslation();
  const offer = useApi<PromisedPaymentOffer>(linePath(props.number, '/promised-payment'));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'ok'; taken: PromisedPayment } | { kind: 'error'; error: ApiError } | undefined>();

  if (offer.error) return <ErrorNotice error={offer.error} onRetry={offer.reload} />;
  const o = offer.data;
  if (!o?.offered) return null;
  const max = o.maxAmount;

  const take = async (amount: number) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const taken = await api<PromisedPayment>(linePath(props.number, '/promised-payment'), { method: 'POST', body: { amount } });
      setOutcome({ kind: 'ok', taken });
      offer.reload();
    } catch (error) {
      setOutcome({ kind: 'error', error: asApiError(error) });
      offer.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('promised.title')} id="promised-payment">
      <p className="muted">{t('promised.hint')}</p>
      <dl className="facts" data-testid="promised-terms">
        {o.maxAmount ? (
          <div>
            <dt>{t('promised.amount')}</dt>
            <dd data-testid="promised-amount">
              <bdi>{o.maxAmount.text}</bdi>
            </dd>
          </div>
        ) : null}
        {o.fee ? (
          <div>
            <dt>{t('promised.fee')}</dt>
            <dd data-testid="promised-fee">
              <bdi>{o.fee.text}</bdi>
            </dd>
          </div>
        ) : null}
        {o.validityDays !== null ? (
          <div>
            <dt>{t('promised.term')}</dt>
            <dd>
              <bdi>{t('promised.days', { n: formatCount(o.validityDays) })}</bdi>
            </dd>
          </div>
        ) : null}
      </dl>
      {o.open ? (
        <div className="quote" data-testid="promised-open">
          <h3>{t('promised.open')}</h3>
          <dl className="facts">
            <div>
              <dt>{t('promised.amount')}</dt>
              <dd>
                <bdi>{o.open.amount.text}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('promised.outstanding')}</dt>
              <dd>
                <bdi>{o.open.outstanding.text}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('promised.due')}</dt>
              <dd>{formatDate(o.open.dueAt, true)}</dd>
            </div>
            <div>
              <dt>{t('promised.balance')}</dt>
              <dd data-testid="promised-balance">
                <bdi>{o.open.balance.text}</bdi>
              </dd>
            </div>
          </dl>
        </div>
      ) : null}
      {o.available && max ? (
        <button type="button" className="button" disabled={busy} onClick={() => void take(max.minor)} data-testid="promised-take">
          {busy ? t('manage.working') : t('promised.take', { amount: max.text })}
        </button>
      ) : (
        <div className="notice notice-warn" data-testid="promised-unavailable">
          <span>
            {t('promised.notAvailable')} {o.reasons.map((r) => t(`promised.reasons.${r}`, { defaultValue: r })).join('; ')}
          </span>
        </div>
      )}
      <div aria-live="polite">
        {outcome?.kind === 'ok' ? (
          <SuccessNotice>
            <span data-testid="promised-taken">
              {t('promised.taken', { amount: outcome.taken.amount.text, date: formatDate(outcome.taken.dueAt, true) })}{' '}
              {t('promised.balance')}: <bdi>{outcome.taken.balance.text}</bdi>
            </span>
          </SuccessNotice>
        ) : null}
        {outcome?.kind === 'error' ? <ErrorNotice error={outcome.error} /> : null}
      </div>
    </Card>
  );
}
