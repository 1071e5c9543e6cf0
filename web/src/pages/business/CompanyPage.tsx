/**
 * The company view of the business cabinet (S4.8): sign-in by SMS code to the contact number,
 * then every line with balance, tariff, status and services, a tariff change per line (through
 * the line endpoints), links to each line's pages, and documents to download as PDF.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useApi, type ApiError } from '../../api/client.ts';
import type { Company, Offers } from '../../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone, SuccessNotice } from '../../components/ui.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useBusy } from '../../components/auth.tsx';
import { asApiError, send } from './business-api.ts';

export function CompanyPage() {
  const { t } = useTranslation();
  const company = useApi<Company>('/business/company');

  if (company.error?.status === 401 || company.error?.status === 403) {
    return (
      <>
        <PageTitle sub={t('business.signIn.intro')}>{t('business.company.title')}</PageTitle>
        <CompanySignIn onSignedIn={company.reload} />
        <Card>
          <p>{t('business.signIn.noAccount')}</p>
          <div className="button-row">
            <Link href="/business/apply" className="button button-ghost">
              {t('business.signIn.apply')}
            </Link>
          </div>
        </Card>
      </>
    );
  }
  const data = company.data;
  return (
    <>
      <PageTitle sub={data ? <bdi>{[data.company.name, data.company.region].filter(Boolean).join(' · ')}</bdi> : undefined}>
        {t('business.company.title')}
      </PageTitle>
      {company.error ? <ErrorNotice error={company.error} onRetry={company.reload} /> : null}
      {company.loading && !data ? <Loading /> : null}
      {data ? (
        <div className="stack biz-page">
          <Card title={t('business.company.summary')} id="biz-summary">
            <dl className="biz-facts">
              <div>
                <dt>{t('business.company.lines')}</dt>
                <dd>
                  <bdi>{data.lines.length}</bdi>
                </dd>
              </div>
              <div>
                <dt>{t('business.company.totalBalance')}</dt>
                <dd>
                  <bdi>{data.totalBalance.text}</bdi>
                </dd>
              </div>
              <div>
                <dt>{t('business.company.monthlyFees')}</dt>
                <dd>
                  <bdi>{data.monthlyFees.text}</bdi>
                </dd>
              </div>
            </dl>
          </Card>
          <Card title={t('business.company.linesTitle')} id="biz-company-lines">
            <div className="table-wrap">
              <table data-testid="company-lines">
                <thead>
                  <tr>
                    <th scope="col">{t('business.company.number')}</th>
                    <th scope="col">{t('business.company.tariff')}</th>
                    <th scope="col">{t('business.company.status')}</th>
                    <th scope="col">{t('business.company.balance')}</th>
                    <th scope="col">{t('business.company.services')}</th>
                    <th scope="col">{t('business.company.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.lines.map((line) => (
                    <tr key={line.number} data-number={line.number}>
                      <td>
                        <Phone number={line.number} />
                      </td>
                      <td data-tariff={line.tariff.id}>{line.tariff.name}</td>
                      <td>
                        <Badge tone={line.status === 'active' ? 'good' : 'bad'}>{t(`status.${line.status}`)}</Badge>
                      </td>
                      <td>
                        <bdi>{line.balance.text}</bdi>
                      </td>
                      <td>{line.services.length > 0 ? line.services.map((s) => s.name).join(', ') : '—'}</td>
                      <td>
                        <div className="biz-actions">
                          <TariffChanger number={line.number} onChanged={company.reload} />
                          <Link href={`/lines/${encodeURIComponent(line.number)}/manage`} className="biz-link">
                            {t('business.company.manage')}
                            <span className="sr-only">
                              {' '}
                              <Phone number={line.number} />
                            </span>
                          </Link>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Documents />
          <div className="button-row">
            <SignOut onSignedOut={company.reload} />
          </div>
        </div>
      ) : null}
    </>
  );
}

/** Signs the company admin in: a code by SMS to the contact number, then the code. */
function CompanySignIn(props: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const { busy, run } = useBusy();
  const submit = run(
    async () => {
      setError(undefined);
      if (!codeSent) {
        await send('/business/login/code', 'POST', { number });
        setCodeSent(true);
      } else {
        await send('/business/login', 'POST', { number, code });
        props.onSignedIn();
      }
    },
    (e) => setError(asApiError(e)),
  );

  return (
    <Card title={t('business.signIn.title')} id="biz-sign-in">
      <form className="stack biz-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('business.signIn.number')}</span>
          <input
            name="number"
            type="tel"
            dir="ltr"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            readOnly={codeSent}
            required
            maxLength={32}
            autoComplete="tel"
          />
        </label>
        {codeSent ? (
          <>
            <SuccessNotice>{t('business.signIn.codeSent')}</SuccessNotice>
            <label className="field">
              <span>{t('business.signIn.code')}</span>
              <input
                name="code"
                inputMode="numeric"
                dir="ltr"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 8))}
                required
              />
            </label>
          </>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {codeSent ? t('business.signIn.signIn') : t('business.signIn.sendCode')}
          </button>
          {codeSent ? (
            <button type="button" className="button button-ghost" onClick={() => setCodeSent(false)}>
              {t('business.signIn.otherNumber')}
            </button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}

/** Changes one line's tariff through `PUT /lines/{number}/tariff`, offering what the line may take. */
function TariffChanger(props: { number: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const offers = useApi<Offers>(open ? `/lines/${encodeURIComponent(props.number)}/offers` : null);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const options = offers.data?.tariffs.filter((tariff) => !tariff.current) ?? [];
  const selectId = `tariff-${props.number.replace(/\D/g, '')}`;

  if (!open) {
    return (
      <button type="button" className="button button-ghost biz-small" onClick={() => setOpen(true)}>
        {t('business.company.changeTariff')}
        <span className="sr-only">
          {' '}
          <Phone number={props.number} />
        </span>
      </button>
    );
  }

  async function change() {
    const tariffId = choice || options[0]?.id;
    if (!tariffId) return;
    setBusy(true);
    setError(undefined);
    try {
      await send(`/lines/${encodeURIComponent(props.number)}/tariff`, 'PUT', { tariffId });
      setOpen(false);
      props.onChanged();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="biz-tariff-changer">
      {offers.loading && !offers.data ? <Loading /> : null}
      {offers.error ? <ErrorNotice error={offers.error} /> : null}
      {offers.data ? (
        options.length === 0 ? (
          <p className="muted small">{t('business.company.noTariffs')}</p>
        ) : (
          <>
            <label htmlFor={selectId} className="sr-only">
              {t('business.company.newTariff')}
            </label>
            <select id={selectId} value={choice || options[0]?.id} onChange={(e) => setChoice(e.target.value)}>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} — {o.fee.text}
                </option>
              ))}
            </select>
            <button type="button" className="button biz-small" onClick={() => void change()} disabled={busy}>
              {t('business.company.confirmTariff')}
            </button>
          </>
        )
      ) : null}
      <button type="button" className="button button-ghost biz-small" onClick={() => setOpen(false)}>
        {t('business.company.cancel')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

const KINDS = ['invoice', 'itemized', 'contract'] as const;

/** Documents to download: the kind and the month choose the PDF. */
function Documents() {
  const { t } = useTranslation();
  const now = new Date();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('invoice');
  const [month, setMonth] = useState(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const href = `/api/v1/business/company/documents/${kind}.pdf?period=${encodeURIComponent(month)}&lang=${currentLanguage()}`;
  return (
    <Card title={t('business.documents.title')} id="biz-documents">
      <p className="muted small">{t('business.documents.intro')}</p>
      <div className="biz-doc-row">
        <div className="field">
          <label htmlFor="biz-doc-kind">{t('business.documents.kind')}</label>
          <select id="biz-doc-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`business.documents.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="biz-doc-month">{t('business.documents.month')}</label>
          <input id="biz-doc-month" name="month" type="month" dir="ltr" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
      </div>
      <div className="button-row">
        {valid ? (
          <a className="button" href={href} download data-testid="document-download">
            {t('business.documents.download')}
          </a>
        ) : (
          <p className="muted small">{t('business.documents.pickMonth')}</p>
        )}
      </div>
    </Card>
  );
}

function SignOut(props: { onSignedOut: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button button-ghost" onClick={() => void send('/auth/logout', 'POST', {}).finally(props.onSignedOut)}>
      {t('business.signOut')}
    </button>
  );
}
