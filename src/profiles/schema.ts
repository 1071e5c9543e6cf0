/**
 * The operator profile: everything that differs between operators, as validated data.
 *
 * A profile is a folder `profiles/<id>/` of YAML files. Each file has its own schema below
 * (`operator.yaml`, `catalog.yaml`, `rules.yaml`, `messages.yaml`, `ivr.yaml`, `demo.yaml`);
 * `load.ts` parses them, then checks the references between them. Money in a profile is written
 * in major units (`550.00` RUB) and converted to integer minor units on load.
 */
import { z } from 'zod';

export const LANGUAGES = ['ru', 'en', 'hu', 'fa'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const SEGMENTS = ['consumer', 'corporate', 'vip'] as const;
export const Segment = z.enum(SEGMENTS);
export type Segment = z.infer<typeof Segment>;

export const PAYMENT_TYPES = ['prepaid', 'postpaid'] as const;
export const PaymentType = z.enum(PAYMENT_TYPES);
export type PaymentType = z.infer<typeof PaymentType>;

export const LINE_TYPES = ['mobile', 'pstn', 'voip'] as const;
export const LineType = z.enum(LINE_TYPES);
export type LineType = z.infer<typeof LineType>;

/** Text in several languages; which languages are required is checked against `operator.languages`. */
export const LocalizedText = z.partialRecord(Language, z.string().min(1));
export type LocalizedText = z.infer<typeof LocalizedText>;

const id = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes, starting with a letter');

/** An amount in major units with at most two decimals (`550`, `12.5`, `0.99`). */
const Amount = z
  .number()
  .nonnegative()
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals');

/** A dialled short number (`111`, `6262`) or a full number (`+7 495 766 0166`, `8-800-250-0890`). */
const DialString = z.string().regex(/^\+?[0-9][0-9 -]*$/, 'digits, spaces, dashes and an optional leading +');
const ShortNumber = z.string().regex(/^[0-9]{2,8}$/, '2 to 8 digits');
const UssdCode = z.string().regex(/^\*[0-9*]+#$/, 'a USSD string such as *100# or *111*2163#');

export const PERIODS = ['day', 'month'] as const;
export const Period = z.enum(PERIODS);
export type Period = z.infer<typeof Period>;

const Fee = z.strictObject({ amount: Amount, period: Period });

/** Who may have a tariff or service. An omitted list means "any". */
const Eligibility = z.strictObject({
  segments: z.array(Segment).min(1).optional(),
  paymentTypes: z.array(PaymentType).min(1).optional(),
  lineTypes: z.array(LineType).min(1).optional(),
});

// ---------------------------------------------------------------- operator.yaml

export const OperatorFile = z.strictObject({
  id,
  name: z.string().min(1),
  brand: z.string().min(1),
  /** The brand colour of the web app, `#rrggbb`; white text must be readable on it. */
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #e30611')
    .default('#3b5bdb'),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code such as RU or HU'),
  currency: z.strictObject({
    code: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as RUB'),
    minorUnits: z.number().int().min(0).max(3),
  }),
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Moscow'),
  /** The first language is the default for new lines and unknown callers. */
  languages: z.array(Language).min(1),
  contacts: z.strictObject({
    domestic: DialString,
    freeFromOtherNetworks: DialString.optional(),
    international: DialString.optional(),
    helpDesk: z.array(DialString).optional(),
    info: DialString.optional(),
  }),
  /** Short numbers the operator answers: SMS commands, voice menus. */
  shortNumbers: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/), z.strictObject({ number: ShortNumber, purpose: LocalizedText })),
  /** One-step USSD strings that are not a service activation code (those live in the catalog). */
  ussd: z.array(z.strictObject({ code: UssdCode, action: z.enum(['balance', 'tariff', 'services', 'menu']) })),
});
export type OperatorFile = z.infer<typeof OperatorFile>;

// ---------------------------------------------------------------- catalog.yaml

const Tariff = z.strictObject({
  id,
  names: LocalizedText,
  descriptions: LocalizedText.optional(),
  fee: Fee,
  /** Unit prices beyond the included allowances. */
  prices: z.strictObject({ voicePerMinute: Amount, smsEach: Amount, dataPerMb: Amount }),
  included: z
    .strictObject({
      voiceMinutes: z.number().int().nonnegative().default(0),
      sms: z.number().int().nonnegative().default(0),
      dataMb: z.number().int().nonnegative().default(0),
    })
    .default({ voiceMinutes: 0, sms: 0, dataMb: 0 }),
  eligibility: Eligibility.default({}),
  /** Monthly mobile-purchase (carrier billing) limit of postpaid lines on this plan (S0.6). */
  purchaseLimit: Amount.optional(),
  /** Fee charged once when a subscriber moves onto this tariff. */
  changeFee: Amount.default(0),
  /** Services that come with the tariff and cannot be removed while on it. */
  includedServices: z.array(id).default([]),
  archived: z.boolean().default(false),
});

const Activation = z.strictObject({
  ussd: UssdCode.optional(),
  /** An SMS command: this text sent to this short number. An empty text is allowed (S3.3). */
  sms: z.strictObject({ to: ShortNumber, text: z.string().max(40) }).optional(),
  /** A number dialled to activate by voice, such as `111 2163`. */
  voice: DialString.optional(),
});

const Service = z.strictObject({
  id,
  names: LocalizedText,
  descriptions: LocalizedText.optional(),
  fee: Fee.optional(),
  activationFee: Amount.default(0),
  activation: Activation.default({}),
  eligibility: Eligibility.default({}),
  /** Tariffs that may not have this service. */
  excludedTariffs: z.array(id).default([]),
  /** Offered in a test period without a service guarantee (S3.8). */
  pilot: z.boolean().default(false),
  /** May be paid with loyalty points (S0.6). */
  loyaltyPoints: z.boolean().default(false),
  /** The service keeps a list of numbers (the black list). */
  keepsNumberList: z.boolean().default(false),
});

export const CatalogFile = z.strictObject({
  tariffs: z.array(Tariff).min(1),
  services: z.array(Service).default([]),
});
export type CatalogFile = z.infer<typeof CatalogFile>;

// ---------------------------------------------------------------- rules.yaml
// Each section is filled in by the issue that needs it; unknown keys are kept for those.

export const RulesFile = z.strictObject({
  promisedPayment: z.looseObject({ enabled: z.boolean() }).optional(),
  carrierBilling: z.looseObject({}).optional(),
  lockout: z.looseObject({}).optional(),
  lowBalance: z.looseObject({}).optional(),
});
export type RulesFile = z.infer<typeof RulesFile>;

// ---------------------------------------------------------------- messages.yaml

/** Templates per language: `{ ru: { balance: "Баланс: {balance}" } }`. Every language needs every key. */
export const MessagesFile = z.partialRecord(Language, z.record(z.string().regex(/^[a-z][a-zA-Z0-9.]*$/), z.string()));
export type MessagesFile = z.infer<typeof MessagesFile>;

// ---------------------------------------------------------------- ivr.yaml

export const IVR_ACTIONS = [
  'self-service',
  'agent',
  'agent-identified',
  'agent-unidentified',
  'back',
  'main',
  'identify',
  'voiceprint',
  'info',
  'language',
] as const;

export type IvrNode = {
  key: string;
  label: LocalizedText;
  action?: (typeof IVR_ACTIONS)[number] | undefined;
  /** Jump to another node of the tree by its path (`2.1`). */
  goto?: string | undefined;
  /** The item is offered only to callers who have one of these (S1.5). */
  requires?: { lineTypes?: LineType[] | undefined; services?: string[] | undefined } | undefined;
  items?: IvrNode[] | undefined;
};

const IvrKey = z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #');

export const IvrNode: z.ZodType<IvrNode> = z.lazy(() =>
  z.strictObject({
    key: IvrKey,
    label: LocalizedText,
    action: z.enum(IVR_ACTIONS).optional(),
    goto: z
      .string()
      .regex(/^[0-9]+(\.[0-9]+)*$/)
      .optional(),
    requires: z.strictObject({ lineTypes: z.array(LineType).optional(), services: z.array(id).optional() }).optional(),
    items: z.array(IvrNode).optional(),
  }),
);

export const IvrFile = z.strictObject({
  /** The numbers that reach this menu (1412, 0890 ...). */
  numbers: z.array(DialString).min(1),
  greeting: LocalizedText,
  /** Keys that work in every menu (S1.4). */
  globalKeys: z.array(z.strictObject({ key: IvrKey, action: z.enum(IVR_ACTIONS), label: LocalizedText })),
  /** Keys that work only in the main menu (S1.4: `*` identified agent, `#` unidentified queue). */
  mainMenuKeys: z.array(z.strictObject({ key: IvrKey, action: z.enum(IVR_ACTIONS), label: LocalizedText })).default([]),
  menu: z.array(IvrNode).min(1),
});
export type IvrFile = z.infer<typeof IvrFile>;

// ---------------------------------------------------------------- demo.yaml

const DemoLine = z.strictObject({
  number: z.string().min(3),
  lineType: LineType,
  paymentType: PaymentType,
  tariff: id,
  services: z.array(id).default([]),
  /** Opening balance in major units; may be negative for a blocked line. */
  balance: z.number().refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals'),
  loyaltyPoints: z.number().int().nonnegative().default(0),
  status: z.enum(['active', 'blocked', 'suspended']).default('active'),
  language: Language.optional(),
  /** Numbers on the line's black list (S4.4). */
  blockedNumbers: z.array(z.string()).default([]),
  note: z.string().optional(),
});

export const DemoFile = z.strictObject({
  customers: z.array(
    z.strictObject({
      name: z.string().min(1),
      kind: z.enum(['individual', 'corporate']),
      segment: Segment,
      region: z.string().optional(),
      lines: z.array(DemoLine).min(1),
    }),
  ),
});
export type DemoFile = z.infer<typeof DemoFile>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
