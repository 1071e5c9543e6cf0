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

/** S4.7: a credit the subscriber takes when the balance runs out, repaid from the next top-up. */
export const PromisedPaymentRules = z.strictObject({
  enabled: z.boolean(),
  /** Offered only when the main balance is at or below this amount (0: "balance 0 or negative"). */
  maxBalance: z.number().refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals'),
  minTenureDays: z.number().int().nonnegative().default(0),
  maxAmount: Amount.refine((n) => n > 0, 'must be positive'),
  /** Charged once when the promised payment is taken. */
  fee: Amount.default(0),
  validityDays: z.number().int().min(1).max(90),
  excludedTariffs: z.array(id).default([]),
  excludedSegments: z.array(Segment).default([]),
  paymentTypes: z.array(PaymentType).min(1).default(['prepaid']),
});
export type PromisedPaymentRules = z.infer<typeof PromisedPaymentRules>;

/** Recurring fees: what happens when a fee finds too little money. */
export const BillingRules = z.strictObject({
  /** Block the line (status `blocked`) when a tariff or service fee cannot be paid. */
  blockWhenUnpaid: z.boolean().default(true),
});
export type BillingRules = z.infer<typeof BillingRules>;

/** Identity and access (issue 4): one-time codes, lockouts, sessions, contract password, access code, voiceprint. */
export const IdentityRules = z.strictObject({
  /** Minutes a one-time SMS code stays valid. */
  codeTtlMinutes: z.number().int().min(1).max(60).default(5),
  /** Wrong tries allowed per code before it is burned. */
  maxCodeAttempts: z.number().int().min(1).max(10).default(5),
  /** Codes sent per number per hour (any purpose). */
  maxCodesPerHour: z.number().int().min(1).max(50).default(5),
  /** Consecutive failed logins per login name before a lockout, and its length. */
  loginMaxFailures: z.number().int().min(1).max(100).default(5),
  loginLockMinutes: z.number().int().min(1).max(1440).default(15),
  /** Failed logins (any number) per source address per hour before the source is locked out too. */
  loginMaxFailuresPerSource: z.number().int().min(1).max(10_000).default(100),
  passwordMinLength: z.number().int().min(8).max(64).default(8),
  sessionAbsoluteHours: z.number().int().min(1).max(720).default(12),
  sessionIdleMinutes: z.number().int().min(1).max(1440).default(30),
  /** Sessions opened at a payment terminal by access code are short. */
  terminalSessionMinutes: z.number().int().min(1).max(60).default(5),
  /** The 5-digit contract password used by the IVR and agents (S1.2, S1.4). */
  contractPassword: z
    .strictObject({
      enabled: z.boolean().default(false),
      digits: z.number().int().min(4).max(8).default(5),
      maxFailures: z.number().int().min(1).max(10).default(3),
      lockMinutes: z.number().int().min(1).max(10080).default(60),
      /** Lines may ask that every service change needs the contract password. */
      protectionAvailable: z.boolean().default(false),
    })
    .prefault({}),
  /** The terminal access code of the Electronic Assistant (S3.3, S3.4, S3.6). */
  accessCode: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** The service a line needs for an access code. */
      service: id.optional(),
      excludedSegments: z.array(Segment).default(['corporate', 'vip']),
      digits: z.number().int().min(4).max(8).default(6),
      /** More than this many wrong codes in a row block access (S3.4: 3). */
      maxFailures: z.number().int().min(1).max(10).default(3),
      lockHours: z.number().int().min(1).max(168).default(24),
    })
    .prefault({}),
  /** Voiceprint slots (S1.2): the samples a line needs to be enrolled. */
  voiceprint: z
    .strictObject({
      enabled: z.boolean().default(false),
      service: id.optional(),
      minSamples: z.number().int().min(1).max(20).default(3),
      maxSamples: z.number().int().min(1).max(50).default(10),
    })
    .prefault({}),
});
export type IdentityRules = z.infer<typeof IdentityRules>;

export const RulesFile = z.strictObject({
  identity: IdentityRules.prefault({}),
  promisedPayment: PromisedPaymentRules.optional(),
  /** Mobile Purchase (S0.6 - S0.8): caps in major units per transaction and per calendar month, and who may use the fixed-line bill. */
  carrierBilling: z
    .looseObject({
      perTransaction: Amount.optional(),
      perMonth: Amount.optional(),
      fixedLineBillLineTypes: z.array(LineType).min(1).optional(),
    })
    .optional(),
  lockout: z.looseObject({}).optional(),
  /** An SMS is sent when the main balance falls below `threshold` (major units). */
  lowBalance: z.looseObject({ threshold: Amount }).optional(),
  billing: BillingRules.optional(),
  /** Top-up by bank card (issue 6): the smallest and largest payment and the amounts the web app offers, in major units. */
  cardTopUp: z
    .strictObject({ min: Amount.positive(), max: Amount.positive(), presets: z.array(Amount.positive()).max(8).default([]) })
    .refine((r) => r.min <= r.max, 'min must not exceed max')
    .optional(),
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
  /** How long ago the line was connected (tenure counts for a promised payment, S4.7); 0 = at loading. */
  connectedDaysAgo: z.number().int().nonnegative().max(36_500).default(0),
  note: z.string().optional(),
  /** A typical month of use: the demo loads it for the last three full months and this month so far (S2.3, S4.4). */
  usage: z
    .strictObject({
      voiceMinutes: z.number().int().nonnegative(),
      sms: z.number().int().nonnegative(),
      dataMb: z.number().int().nonnegative(),
    })
    .optional(),
  /** The SIM's PUK (8 digits), stored only hashed; a company proves it holds the line with it (S4.8). */
  puk: z
    .string()
    .regex(/^[0-9]{8}$/, 'eight digits')
    .optional(),
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

// ---------------------------------------------------------------- channels.yaml (SMS commands, USSD menus)

export const USSD_ACTIONS = ['balance', 'tariff', 'services', 'activate', 'deactivate', 'help'] as const;
export const SMS_ACTIONS = ['balance', 'access-code', 'help', 'activate', 'deactivate'] as const;

export type UssdMenuItem = {
  key: string;
  label: LocalizedText;
  action?: (typeof USSD_ACTIONS)[number] | undefined;
  /** The service an `activate` / `deactivate` action is about. */
  service?: string | undefined;
  title?: LocalizedText | undefined;
  items?: UssdMenuItem[] | undefined;
};

export const UssdMenuItem: z.ZodType<UssdMenuItem> = z.lazy(() =>
  z.strictObject({
    key: z.string().regex(/^[1-9][0-9]?$/, 'a menu key from 1 to 99'),
    label: LocalizedText,
    action: z.enum(USSD_ACTIONS).optional(),
    service: id.optional(),
    title: LocalizedText.optional(),
    items: z.array(UssdMenuItem).min(1).optional(),
  }),
);

const ChannelTexts = z.strictObject({
  accessCodeUnavailable: z.string().min(1),
  unknownUssdCode: z.string().min(1),
  sessionExpired: z.string().min(1),
  invalidChoice: z.string().min(1),
  back: z.string().min(1),
  main: z.string().min(1),
  more: z.string().min(1),
  tariff: z.string().min(1),
  services: z.string().min(1),
  noServices: z.string().min(1),
  failed: z.string().min(1),
});
export type ChannelTexts = z.infer<typeof ChannelTexts>;

export const ChannelsFile = z.strictObject({
  sms: z
    .strictObject({
      /** Sender of notices (codes, receipts): an alphanumeric name or a short number. */
      sender: z.string().min(1).max(11).default('Kabinet'),
      /** Words that, after a service code, turn the service off: `38 OFF`. */
      offWords: z.array(z.string().min(1)).default(['OFF']),
      /** Commands per short number; catalog services with `activation.sms` to that number are added. */
      numbers: z
        .record(
          ShortNumber,
          z.strictObject({
            commands: z
              .array(
                z.strictObject({
                  /** The text, matched trimmed and case-insensitively; "" is an empty SMS. */
                  text: z.string().max(40),
                  action: z.enum(SMS_ACTIONS),
                  service: id.optional(),
                }),
              )
              .default([]),
          }),
        )
        .default({}),
    })
    .default({ sender: 'Kabinet', offWords: ['OFF'], numbers: {} }),
  ussd: z
    .strictObject({
      /** A session idle longer than this is over (networks drop them after 20-30 s). */
      idleSeconds: z.number().int().min(5).max(600).default(60),
      keys: z
        .strictObject({ back: z.string().default('0'), main: z.string().default('00'), more: z.string().default('99') })
        .default({ back: '0', main: '00', more: '99' }),
      title: LocalizedText.default({}),
      menu: z.array(UssdMenuItem).default([]),
    })
    .default({ idleSeconds: 60, keys: { back: '0', main: '00', more: '99' }, title: {}, menu: [] }),
  texts: z.partialRecord(Language, ChannelTexts).default({}),
});
export type ChannelsFile = z.infer<typeof ChannelsFile>;
