/** The business application form (S4.8): company, region, contact number, lines with their PUK codes, a message. */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ApiError } from '../../api/client.ts';
import { Card, ErrorNotice, PageTitle, SuccessNotice } from '../../components/ui.tsx';
import { useOperator } from '../../operator.tsx';
import { asApiError, send } from './business-api.ts';

type Row = { key: number; number: string; puk: string };

export function ApplyPage() {
  const { t } = useTranslation();
  const operator = useOperator();
  const info = operator?.contacts.info;
  const nextKey = useRef(1);
  const [company, setCompany] = useState('');
  const [region, setRegion] = useState('');
  const [contactNumber, setContactNumber] = useState('');
  const [message, setMessage] = useState('');
  const [rows, setRows] = useState<Row[]>([{ key: 0, number: '', puk: '' }]);
  const [error, setError] = useState<ApiError | undefined>();
  const [sent, setSent] = useState<{ id: number } | undefined>();
  const [busy, setBusy] = useState(false);

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addRow = () => setRows((rs) => [...rs, { key: nextKey.current++, number: '', puk: '' }]);
  const removeRow = (key: number) => setRows((rs) => rs.filter((r) => r.key !== key));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await send<{ id: number }>('/business/applications', 'POST', {
        company,
        region,
        contactNumber,
        message,
        lines: rows.map((r) => ({ number: r.number, puk: r.puk })),
      });
      setSent(result);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <>
        <PageTitle>{t('business.apply.title')}</PageTitle>
        <Card>
          <SuccessNotice>
            <span data-testid="application-sent">{t('business.apply.sent', { id: sent.id })}</span>
          </SuccessNotice>
          <p>{t('business.apply.next')}</p>
          <div className="button-row">
            <Link href="/business" className="button">
              {t('business.apply.toCabinet')}
            </Link>
          </div>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageTitle sub={t('business.apply.intro')}>{t('business.apply.title')}</PageTitle>
      <form className="stack biz-form" onSubmit={(e) => void submit(e)} noValidate>
        <Card title={t('business.apply.companyCard')} id="biz-company">
          <label className="field">
            <span>{t('business.apply.company')}</span>
            <input
              name="company"
              value={company}
              onChange={(e) => setCompany(e.target.value)}
              required
              maxLength={200}
              autoComplete="organization"
            />
          </label>
          <label className="field">
            <span>{t('business.apply.region')}</span>
            <input
              name="region"
              value={region}
              onChange={(e) => setRegion(e.target.value)}
              required
              maxLength={100}
              autoComplete="address-level1"
            />
          </label>
          <label className="field">
            <span>{t('business.apply.contactNumber')}</span>
            <input
              name="contactNumber"
              type="tel"
              dir="ltr"
              value={contactNumber}
              onChange={(e) => setContactNumber(e.target.value)}
              required
              maxLength={32}
              autoComplete="tel"
            />
            <small className="muted">{t('business.apply.contactHint')}</small>
          </label>
        </Card>
        <Card title={t('business.apply.linesCard')} id="biz-lines">
          <p className="muted small">{t('business.apply.pukHint')}</p>
          <ol className="biz-line-rows">
            {rows.map((row, index) => (
              <li key={row.key} className="biz-line-row" data-row={index}>
                <label className="field">
                  <span>{t('business.apply.lineNumber', { n: index + 1 })}</span>
                  <input
                    name={`line-${index}-number`}
                    type="tel"
                    dir="ltr"
                    value={row.number}
                    onChange={(e) => update(row.key, { number: e.target.value })}
                    required
                    maxLength={32}
                  />
                </label>
                <label className="field">
                  <span>{t('business.apply.puk', { n: index + 1 })}</span>
                  <input
                    name={`line-${index}-puk`}
                    inputMode="numeric"
                    dir="ltr"
                    autoComplete="off"
                    value={row.puk}
                    onChange={(e) => update(row.key, { puk: e.target.value.replace(/\D/g, '').slice(0, 8) })}
                    required
                    pattern="[0-9]{8}"
                  />
                </label>
                {rows.length > 1 ? (
                  <button type="button" className="button button-ghost" onClick={() => removeRow(row.key)}>
                    {t('business.apply.removeLine', { n: index + 1 })}
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
          <div className="button-row">
            <button type="button" className="button button-ghost" onClick={addRow} disabled={rows.length >= 50}>
              {t('business.apply.addLine')}
            </button>
          </div>
        </Card>
        <Card title={t('business.apply.messageCard')} id="biz-message">
          <label className="field">
            <span>{t('business.apply.message')}</span>
            <textarea name="message" value={message} onChange={(e) => setMessage(e.target.value)} rows={4} maxLength={2000} />
          </label>
          {info ? (
            <p className="muted small">
              {t('business.apply.moreInfo')} <bdi dir="ltr">{Array.isArray(info) ? info[0] : info}</bdi>
            </p>
          ) : null}
        </Card>
        {error ? <ErrorNotice error={error} /> : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('business.apply.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
