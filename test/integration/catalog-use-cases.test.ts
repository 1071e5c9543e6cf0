/** Subscriber and catalog use cases on both databases: overview, offers, tariff change, services, audit. */
import { beforeAll, expect, it } from 'vitest';
import { activateService } from '../../src/core/catalog/activate-service.ts';
import { changeTariff } from '../../src/core/catalog/change-tariff.ts';
import { deactivateService } from '../../src/core/catalog/deactivate-service.ts';
import { listOffers } from '../../src/core/catalog/list-offers.ts';
import { quoteTariffChange } from '../../src/core/catalog/quote-tariff-change.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { getLineHistory } from '../../src/core/subscribers/get-line-history.ts';
import { getSubscriberOverview } from '../../src/core/subscribers/get-subscriber-overview.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { codeOf } from '../support/identity.ts';
import { demoActor, demoDeps, tableCounts } from '../support/factories.ts';

describeEachDatabase('subscriber and catalog use cases (mts-ru)', (db) => {
  let deps: CoreDeps;
  beforeAll(async () => {
    deps = await demoDeps(db(), 'mts-ru');
  });

  it('shows the demo line as the profile describes it, in either language', async () => {
    const ru = await getSubscriberOverview(deps, { number: '+79160000001', language: 'ru' });
    expect(ru).toMatchObject({ number: '+79160000001', segment: 'consumer', paymentType: 'prepaid', status: 'active' });
    expect(ru.balance.minor).toBe(50_000);
    expect(ru.balance.text.replace(/\s/g, ' ')).toBe('500,00 ₽');
    expect(ru.services.map((s) => s.id)).toContain('electronic-assistant');
    const en = await getSubscriberOverview(deps, { number: '8 916 000-00-01', language: 'en' });
    expect(en.number).toBe('+79160000001');
    expect(en.balance.text.replace(/\s/g, ' ')).toMatch(/^(RUB 500.00|RUB500.00)$/);
    const blocked = await getSubscriberOverview(deps, { number: '+79160000004', language: 'ru' });
    expect(blocked.status).toBe('blocked');
    expect(blocked.balance.minor).toBe(-2_000);
  });

  it('refuses malformed and unknown numbers', async () => {
    expect(await codeOf(getSubscriberOverview(deps, { number: 'abc', language: 'en' }))).toBe('invalid_number');
    expect(await codeOf(getSubscriberOverview(deps, { number: '+7916', language: 'en' }))).toBe('invalid_number');
    expect(await codeOf(getSubscriberOverview(deps, { number: '+79169999999', language: 'en' }))).toBe('line_not_found');
  });

  it('offers only eligible tariffs and services: no Electronic Assistant for corporate or VIP lines (S3.6)', async () => {
    const consumer = await listOffers(deps, { number: '+79160000001', language: 'ru' });
    expect(consumer.services.map((s) => s.id)).toContain('electronic-assistant');
    expect(consumer.tariffs.filter((t) => t.current)).toHaveLength(1);
    for (const number of ['+79160000002', '+79160000003']) {
      const offers = await listOffers(deps, { number, language: 'ru' });
      expect(offers.services.map((s) => s.id)).not.toContain('electronic-assistant');
      expect(await codeOf(activateService(deps, { number, serviceId: 'electronic-assistant', language: 'ru' }, demoActor))).toBe(
        'not_eligible',
      );
    }
    const corporateOnly = deps.profile.tariffs.filter((t) => t.eligibility.segments?.every((s) => s === 'corporate'));
    expect(corporateOnly.length).toBeGreaterThan(0);
    for (const t of corporateOnly) expect(consumer.tariffs.map((o) => o.id)).not.toContain(t.id);
  });

  it('quotes, then changes the tariff with history and an audit record', async () => {
    const offers = await listOffers(deps, { number: '+79160000001', language: 'en' });
    const target = offers.tariffs.find((t) => !t.current);
    expect(target).toBeDefined();
    const before = await tableCounts(db());
    const quote = await quoteTariffChange(deps, { number: '+79160000001', tariffId: target!.id, language: 'en' });
    expect(await tableCounts(db())).toEqual(before);
    expect(quote.to.id).toBe(target!.id);
    const done = await changeTariff(
      deps,
      { number: '+79160000001', tariffId: target!.id, language: 'en' },
      { ...demoActor, channel: 'ussd' },
    );
    expect(done.to.id).toBe(target!.id);
    const overview = await getSubscriberOverview(deps, { number: '+79160000001', language: 'en' });
    expect(overview.tariff.id).toBe(target!.id);
    expect(overview.balance.minor).toBe(50_000 - done.changeFee.minor);
    const history = await getLineHistory(deps, { number: '+79160000001' });
    expect(history.tariffs).toHaveLength(2);
    expect(history.tariffs[0]!.validTo).not.toBeNull();
    expect(history.tariffs[1]).toMatchObject({ tariffId: target!.id, validTo: null });
    expect(history.audit[0]).toMatchObject({
      action: 'tariff.change',
      channel: 'ussd',
      actorType: 'demo',
      before: { tariffId: quote.from.id },
    });
    expect(await codeOf(changeTariff(deps, { number: '+79160000001', tariffId: target!.id, language: 'en' }, demoActor))).toBe(
      'tariff_unchanged',
    );
    expect(await codeOf(changeTariff(deps, { number: '+79160000001', tariffId: 'no-such-plan', language: 'en' }, demoActor))).toBe(
      'tariff_not_found',
    );
  });

  it('turns services on and off once, and refuses repeats without writing', async () => {
    const offers = await listOffers(deps, { number: '+79160000001', language: 'ru' });
    const service = offers.services.find((s) => !s.active && s.activationFee.minor === 0);
    expect(service).toBeDefined();
    const on = await activateService(deps, { number: '+79160000001', serviceId: service!.id, language: 'ru' }, demoActor);
    expect(on.active).toBe(true);
    const before = await tableCounts(db());
    expect(await codeOf(activateService(deps, { number: '+79160000001', serviceId: service!.id, language: 'ru' }, demoActor))).toBe(
      'service_already_active',
    );
    expect(await tableCounts(db())).toEqual(before);
    const off = await deactivateService(deps, { number: '+79160000001', serviceId: service!.id, language: 'ru' }, demoActor);
    expect(off.active).toBe(false);
    expect(await codeOf(deactivateService(deps, { number: '+79160000001', serviceId: service!.id, language: 'ru' }, demoActor))).toBe(
      'service_not_active',
    );
    const history = await getLineHistory(deps, { number: '+79160000001' });
    const rows = history.services.filter((s) => s.serviceId === service!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deactivatedAt).not.toBeNull();
    expect(history.audit.slice(0, 2).map((a) => a.action)).toEqual(['service.deactivate', 'service.activate']);
  });

  it('lets only one of many concurrent activations of the same service through', async () => {
    const offers = await listOffers(deps, { number: '+79160000001', language: 'ru' });
    const service = offers.services.find((s) => !s.active && s.activationFee.minor === 0)!;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        codeOf(activateService(deps, { number: '+79160000001', serviceId: service.id, language: 'ru' }, demoActor)),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'service_already_active')).toHaveLength(7);
  });

  it('refuses a paid change the balance cannot cover and writes nothing', async () => {
    const paid = deps.profile.services.find((s) => s.activationFee > 0 && !s.eligibility.segments);
    const paidTariff = deps.profile.tariffs.find((t) => t.changeFee > 0 && !t.eligibility.segments && t.id !== 'super-mts');
    const target = paid ?? paidTariff;
    if (!target) return; // the profile charges nothing up front
    const before = await tableCounts(db());
    const code = paid
      ? await codeOf(activateService(deps, { number: '+79160000004', serviceId: paid.id, language: 'ru' }, demoActor))
      : await codeOf(changeTariff(deps, { number: '+79160000004', tariffId: paidTariff!.id, language: 'ru' }, demoActor));
    expect(['insufficient_funds', 'not_eligible', 'tariff_unchanged']).toContain(code);
    expect(await tableCounts(db())).toEqual(before);
  });
});
