// Generated from docs/openapi.json by `pnpm generate`.
// Do not edit: a test fails when this file and the document differ.

export interface paths {
    "/api/alert-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every alert channel (never a secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            channels: components["schemas"]["AlertChannel"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an alert channel: a webhook or an email address
         * @description A webhook gets a signing secret (yours, or a random one): this answer is the only one that shows it (a repeat with the same Idempotency-Key answers secret null: the secret is not kept for replays). Every delivery is a POST of an AlertWebhookDelivery (see the test route) with X-Scheduler-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default false */
                        isDefault?: boolean;
                        /** @enum {string} */
                        kind: "webhook";
                        name: string;
                        /** @description Signs deliveries; a random one is made when none is given. Never shown again. */
                        secret?: string;
                        /** Format: uri */
                        url: string;
                    } | {
                        /** Format: email */
                        email: string;
                        /** @default false */
                        isDefault?: boolean;
                        /** @enum {string} */
                        kind: "email";
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            email: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Rules without channels of their own notify every default channel */
                            isDefault: boolean;
                            /** @enum {string} */
                            kind: "webhook" | "email";
                            name: string;
                            /** @description The webhook signing secret: shown here only, once */
                            secret: string | null;
                            /** @description Whether deliveries are signed (the secret itself is shown once, at creation) */
                            secretSet: boolean;
                            /** @description The setting that defines this channel (ALERT_WEBHOOK_URL, ALERT_EMAIL): change it there */
                            setting: string | null;
                            url: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change an alert channel
         * @description Changes the given fields; the others stay. A channel from a setting: 409 (change the setting).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: email
                         * @description Email channels only
                         */
                        email?: string;
                        isDefault?: boolean;
                        name?: string;
                        /** @description A new signing secret (webhook channels only) */
                        secret?: string;
                        /**
                         * Format: uri
                         * @description Webhook channels only
                         */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AlertChannel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        /**
         * Delete an alert channel
         * @description Its pending notifications go with it. A channel from a setting: 409 (unset the setting).
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            removed: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-channels/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test alert to a channel now
         * @description Sends one `alert.test` delivery (no retry) and answers how it went, with the body sent: the shape of every webhook delivery (alert.opened, alert.resolved, alert.test).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivered: boolean;
                            error: string | null;
                            sent: components["schemas"]["AlertWebhookDelivery"];
                            /** @description The receiver's HTTP status, when it answered */
                            status: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every alert rule, built-in ones first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rules: components["schemas"]["AlertRule"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an alert rule
         * @description A rule watches one subject (a job type, schedule or queue) or every one (subject kind any). Per kind: final_failure {}; missed_slot {}; long_run { maxMs } (fixed) or { factor, minMs } (factor × p90, at least minMs); no_success { windowMs } (null on a schedule: two periods plus its grace); backlog_age { maxAgeMs }; no_worker { afterMs }. Missing fields take their defaults.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Channels this rule notifies; null: the default channels
                         * @default null
                         */
                        channelIds?: string[] | null;
                        /** @default true */
                        enabled?: boolean;
                        /** @enum {string} */
                        kind: "final_failure" | "missed_slot" | "long_run" | "no_success" | "backlog_age" | "no_worker";
                        name: string;
                        /**
                         * @description Per kind: final_failure {}; missed_slot {}; long_run { maxMs } (fixed) or { factor, minMs } (factor × p90, at least minMs); no_success { windowMs } (null on a schedule: two periods plus its grace); backlog_age { maxAgeMs }; no_worker { afterMs }. Missing fields take their defaults.
                         * @default {}
                         */
                        params?: {
                            [key: string]: unknown;
                        };
                        subject: {
                            /** @enum {string} */
                            kind: "job_type" | "schedule" | "queue" | "any";
                            name: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AlertRule"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alert-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change an alert rule (built-in ones too)
         * @description Changes the given fields; the others stay. Disabling a rule resolves its open alerts. Per kind: final_failure {}; missed_slot {}; long_run { maxMs } (fixed) or { factor, minMs } (factor × p90, at least minMs); no_success { windowMs } (null on a schedule: two periods plus its grace); backlog_age { maxAgeMs }; no_worker { afterMs }. Missing fields take their defaults.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Channels this rule notifies; null: the default channels */
                        channelIds?: string[] | null;
                        enabled?: boolean;
                        name?: string;
                        /** @description Per kind: final_failure {}; missed_slot {}; long_run { maxMs } (fixed) or { factor, minMs } (factor × p90, at least minMs); no_success { windowMs } (null on a schedule: two periods plus its grace); backlog_age { maxAgeMs }; no_worker { afterMs }. Missing fields take their defaults. */
                        params?: {
                            [key: string]: unknown;
                        };
                        subject?: {
                            /** @enum {string} */
                            kind: "job_type" | "schedule" | "queue" | "any";
                            name: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AlertRule"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        /**
         * Delete an alert rule an admin made
         * @description Its open alerts resolve at the next evaluation and stay in the history. Built-in rules: 409 (disable them).
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            removed: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Alerts, newest first: open, resolved or all
         * @description Each alert is one rule firing for one subject (a job type, schedule or queue): at most one is open per rule and subject, however often the condition recurs. Page with `cursor` = the previous `nextCursor`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    kind?: "final_failure" | "missed_slot" | "long_run" | "no_success" | "backlog_age" | "no_worker";
                    limit?: number;
                    state?: "open" | "resolved" | "all";
                    /** @description A job type, schedule or queue name */
                    subject?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: components["schemas"]["Alert"][];
                            /** @description Pass as `cursor` for the next page; null on the last */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert, with its notifications per channel */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/silence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Silence an alert until a time
         * @description No notification for this alert, nor for its rule and subject should it open again, until `until`. The alert still opens, resolves and stays in the history; if it is still open when the silence ends, it is notified then.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description No notification until then (at most 90 days ahead)
                         */
                        until: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/unsilence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End an alert’s silence now
         * @description An alert still open is notified at the next evaluation.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Archived jobs, newest first, with the same filters as GET /api/jobs, and how many per type
         * @description Jobs past their type's retention (see GET /api/job-types/:name/retention). `counts`: every archived job matching the filter but its type, per type and status, exactly.
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    /** @description JSON the payload contains (Postgres `@>`): {"dryRun":true}; nested objects match part of the payload's, an array matches arrays holding its items */
                    contains?: string;
                    /** @description Text the error contains, whatever the case (3 characters or more are answered by an index) */
                    error?: string;
                    /** @description Created at or after this date-time or date */
                    from?: string;
                    /** @description The start of a job id, e.g. the 8 characters the dashboard shows (dashes ignored) */
                    idPrefix?: string;
                    limit?: number;
                    page?: number;
                    /** @description A payload key path equal to a value, as path=value, e.g. isoWeek=2026-W48 or options.mode=full; the value matches a string, or the number or boolean it spells (batchSize=100 matches 100 and "100"). Repeat for several (all must hold). */
                    payload?: string | string[];
                    /** @description The dashboard's query language instead of the typed filters, e.g. `type:weekly_digest status:failed payload.isoWeek:2026-W48 tag:backfill schedule:nightly id:3fa85f64 "ECONNRESET"` (keys: type, status, tag, schedule, id, startedBy, from, to, payload.<path>, payload:{json}, error; quoted or bare words: error text). A term it cannot read is a 400 invalid_query naming it. */
                    q?: string;
                    /** @description Created by this schedule (its name) */
                    schedule?: string;
                    /** @description A users.id, 'service' or 'scheduler' */
                    startedBy?: string;
                    /** @description Stored status, or several separated by commas (any of them): pending, running, completed, failed, cancelled */
                    status?: string;
                    /** @description Carries this tag; repeat (`tag=a&tag=b`) for jobs carrying all of them */
                    tag?: string | string[];
                    /** @description Created before this date-time; a date (YYYY-MM-DD) includes that whole day (UTC) */
                    to?: string;
                    /** @description Job type, or several separated by commas (any of them) */
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                byStatus: {
                                    [key: string]: number;
                                };
                                jobType: string;
                                total: number;
                            }[];
                            jobs: components["schemas"]["ArchivedJob"][];
                            limit: number;
                            /**
                             * Format: uuid
                             * @description Pass as `after` for the next page
                             */
                            nextAfter: string | null;
                            page: number;
                            /** @description Matches, counted up to 10,000 */
                            total: number;
                            totalIsExact: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/archive/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One archived job */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ArchivedJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit trail of admin and service actions, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description One audited action, e.g. job.trigger */
                    action?: string;
                    /** @description A users.id, a Clerk user id, or 'service' */
                    actor?: string;
                    after?: string;
                    from?: string;
                    limit?: number;
                    page?: number;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                action: string;
                                actorClerkId: string | null;
                                /** @enum {string} */
                                actorKind: "user" | "service";
                                actorRole: string | null;
                                actorUserId: string | null;
                                clientIp: string | null;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: string;
                                occurredAt: string;
                                /** @enum {string} */
                                outcome: "succeeded" | "rejected" | "failed";
                                requestId: string | null;
                                statusCode: number;
                                target: string | null;
                                /**
                                 * @description What target names: a job id, a schedule name, or something else (a queue) or nothing
                                 * @enum {string|null}
                                 */
                                targetKind: "job" | "schedule" | null;
                            }[];
                            limit: number;
                            /** @description Pass as `after` for the next page (cheaper than deep `page`s); null on the last page */
                            nextAfter: string | null;
                            page: number;
                            /** @description Matches, counted up to 10,000 */
                            total: number;
                            /** @description False when there are more than 10,000 matches */
                            totalIsExact: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bulk-operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bulk operations, newest first */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                    page?: number;
                    state?: "running" | "done" | "aborted" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description Pass as `after` for the next page
                             */
                            nextAfter: string | null;
                            operations: {
                                abortedBy: string | null;
                                /** @enum {string} */
                                action: "cancel" | "retry" | "delete";
                                createdAt: string;
                                createdBy: {
                                    clerkUserId: string | null;
                                    kind: string;
                                    userId: string | null;
                                };
                                /** @description Acted on: cancelled or asked to stop, retried, archived */
                                done: number;
                                error: string | null;
                                /** @description Errors other than a refusal (see `problems`) */
                                failed: number;
                                finishedAt: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description Jobs in the snapshot taken when the operation was created */
                                matched: number;
                                payloadPatch: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description Left alone because the lifecycle refuses the action for them now */
                                refused: number;
                                /** @description Refusals by reason, e.g. { "already completed": 12 } */
                                refusedReasons: {
                                    [key: string]: number;
                                };
                                /** @description What the operation was asked to act on */
                                selection: {
                                    /** @description The filter, as given */
                                    filter?: {
                                        [key: string]: unknown;
                                    };
                                    /** @description How many ids were selected */
                                    ids?: number;
                                };
                                startedAt: string | null;
                                /**
                                 * @description running, then done, aborted (by `abortedBy`) or failed (`error`)
                                 * @enum {string}
                                 */
                                state: "running" | "done" | "aborted" | "failed";
                                /** @description Not reached yet, or never (aborted): matched − done − refused − failed */
                                untouched: number;
                                updatedAt: string;
                            }[];
                            total: number;
                            totalIsExact: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Cancel, retry or delete many jobs: selected ids, or everything a filter matches
         * @description Resolves the selection once, now, to the jobs it matches (a snapshot: jobs created later are not swept in) and answers 201 with the operation, which then runs in the background at `BULK_ACTION_JOBS_PER_SECOND`. Each job goes through the same command as its single action: a completed job is not retried, a running one is asked to stop and its worker stops it, an unfinished one is not deleted; each such refusal is counted by reason. The same request (action, selection and patch) by the same caller while that operation runs answers 200 with it, starting nothing; so does a repeat with the same Idempotency-Key. One audit entry (`bulk.create`) for the whole operation. 400: a bad body, a payload patch a matched job's type refuses, or more than 100,000 matches; 409 `count_changed` (with `matched`) when `expectedCount` differs from the match now.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description `cancel` (queued jobs are cancelled, running ones asked to stop), `retry` (failed or cancelled jobs run again as new jobs) or `delete` (finished jobs move to the archive; unfinished ones are refused)
                         * @enum {string}
                         */
                        action: "cancel" | "retry" | "delete";
                        /** @description The count the person confirmed (from the preview): when the selection matches another number now, the answer is 409 `count_changed` with `matched`, and nothing is done */
                        expectedCount?: number;
                        /** @description Every job this filter matches when the operation is created: the same filter as GET /api/jobs */
                        filter?: {
                            /** @description JSON the payload contains (Postgres `@>`): {"dryRun":true}; nested objects match part of the payload's, an array matches arrays holding its items */
                            contains?: string;
                            /** @description Text the error contains, whatever the case (3 characters or more are answered by an index) */
                            error?: string;
                            /** @description Created at or after this date-time or date */
                            from?: string;
                            /** @description The start of a job id, e.g. the 8 characters the dashboard shows (dashes ignored) */
                            idPrefix?: string;
                            /** @description A payload key path equal to a value, as path=value, e.g. isoWeek=2026-W48 or options.mode=full; the value matches a string, or the number or boolean it spells (batchSize=100 matches 100 and "100"). Repeat for several (all must hold). */
                            payload?: string | string[];
                            /** @description The dashboard's query language instead of the typed filters */
                            q?: string;
                            /** @description Created by this schedule (its name) */
                            schedule?: string;
                            /** @description A users.id, 'service' or 'scheduler' */
                            startedBy?: string;
                            /** @description Stored status, or several separated by commas (any of them): pending, running, completed, failed, cancelled */
                            status?: string;
                            /** @description Carries this tag; repeat (`tag=a&tag=b`) for jobs carrying all of them */
                            tag?: string | string[];
                            /** @description Created before this date-time; a date (YYYY-MM-DD) includes that whole day (UTC) */
                            to?: string;
                            /** @description Job type, or several separated by commas (any of them) */
                            type?: string;
                        };
                        /** @description Selected jobs, 1 to 1000 ids (give `ids` or `filter`) */
                        ids?: string[];
                        /** @description retry only: merged into each job's payload (JSON merge patch: keys replace, objects merge, null removes a key); every merged payload is checked against its type's schema before anything happens */
                        payloadPatch?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abortedBy: string | null;
                            /** @enum {string} */
                            action: "cancel" | "retry" | "delete";
                            createdAt: string;
                            createdBy: {
                                clerkUserId: string | null;
                                kind: string;
                                userId: string | null;
                            };
                            /** @description Acted on: cancelled or asked to stop, retried, archived */
                            done: number;
                            error: string | null;
                            /** @description Errors other than a refusal (see `problems`) */
                            failed: number;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Jobs in the snapshot taken when the operation was created */
                            matched: number;
                            payloadPatch: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Left alone because the lifecycle refuses the action for them now */
                            refused: number;
                            /** @description Refusals by reason, e.g. { "already completed": 12 } */
                            refusedReasons: {
                                [key: string]: number;
                            };
                            /** @description What the operation was asked to act on */
                            selection: {
                                /** @description The filter, as given */
                                filter?: {
                                    [key: string]: unknown;
                                };
                                /** @description How many ids were selected */
                                ids?: number;
                            };
                            startedAt: string | null;
                            /**
                             * @description running, then done, aborted (by `abortedBy`) or failed (`error`)
                             * @enum {string}
                             */
                            state: "running" | "done" | "aborted" | "failed";
                            /** @description Not reached yet, or never (aborted): matched − done − refused − failed */
                            untouched: number;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abortedBy: string | null;
                            /** @enum {string} */
                            action: "cancel" | "retry" | "delete";
                            createdAt: string;
                            createdBy: {
                                clerkUserId: string | null;
                                kind: string;
                                userId: string | null;
                            };
                            /** @description Acted on: cancelled or asked to stop, retried, archived */
                            done: number;
                            error: string | null;
                            /** @description Errors other than a refusal (see `problems`) */
                            failed: number;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Jobs in the snapshot taken when the operation was created */
                            matched: number;
                            payloadPatch: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Left alone because the lifecycle refuses the action for them now */
                            refused: number;
                            /** @description Refusals by reason, e.g. { "already completed": 12 } */
                            refusedReasons: {
                                [key: string]: number;
                            };
                            /** @description What the operation was asked to act on */
                            selection: {
                                /** @description The filter, as given */
                                filter?: {
                                    [key: string]: unknown;
                                };
                                /** @description How many ids were selected */
                                ids?: number;
                            };
                            startedAt: string | null;
                            /**
                             * @description running, then done, aborted (by `abortedBy`) or failed (`error`)
                             * @enum {string}
                             */
                            state: "running" | "done" | "aborted" | "failed";
                            /** @description Not reached yet, or never (aborted): matched − done − refused − failed */
                            untouched: number;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bulk-operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One bulk operation: its progress, counts and the jobs it could not act on
         * @description Poll it (at most once a second) while `state` is `running`: the counts move as the runner works. `problems` lists the first 20 jobs refused or failed, with why.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abortedBy: string | null;
                            /** @enum {string} */
                            action: "cancel" | "retry" | "delete";
                            createdAt: string;
                            createdBy: {
                                clerkUserId: string | null;
                                kind: string;
                                userId: string | null;
                            };
                            /** @description Acted on: cancelled or asked to stop, retried, archived */
                            done: number;
                            error: string | null;
                            /** @description Errors other than a refusal (see `problems`) */
                            failed: number;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Jobs in the snapshot taken when the operation was created */
                            matched: number;
                            payloadPatch: {
                                [key: string]: unknown;
                            } | null;
                            problems: {
                                /** Format: uuid */
                                jobId: string;
                                /** @enum {string} */
                                outcome: "refused" | "failed";
                                reason: string;
                            }[];
                            /** @description Left alone because the lifecycle refuses the action for them now */
                            refused: number;
                            /** @description Refusals by reason, e.g. { "already completed": 12 } */
                            refusedReasons: {
                                [key: string]: number;
                            };
                            /** @description What the operation was asked to act on */
                            selection: {
                                /** @description The filter, as given */
                                filter?: {
                                    [key: string]: unknown;
                                };
                                /** @description How many ids were selected */
                                ids?: number;
                            };
                            startedAt: string | null;
                            /**
                             * @description running, then done, aborted (by `abortedBy`) or failed (`error`)
                             * @enum {string}
                             */
                            state: "running" | "done" | "aborted" | "failed";
                            /** @description Not reached yet, or never (aborted): matched − done − refused − failed */
                            untouched: number;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bulk-operations/{id}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a running bulk operation
         * @description No further job is acted on (the one under way finishes); what was done stays done and the rest is counted as `untouched`. 409 `not_running` when it has ended already.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abortedBy: string | null;
                            /** @enum {string} */
                            action: "cancel" | "retry" | "delete";
                            createdAt: string;
                            createdBy: {
                                clerkUserId: string | null;
                                kind: string;
                                userId: string | null;
                            };
                            /** @description Acted on: cancelled or asked to stop, retried, archived */
                            done: number;
                            error: string | null;
                            /** @description Errors other than a refusal (see `problems`) */
                            failed: number;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Jobs in the snapshot taken when the operation was created */
                            matched: number;
                            payloadPatch: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Left alone because the lifecycle refuses the action for them now */
                            refused: number;
                            /** @description Refusals by reason, e.g. { "already completed": 12 } */
                            refusedReasons: {
                                [key: string]: number;
                            };
                            /** @description What the operation was asked to act on */
                            selection: {
                                /** @description The filter, as given */
                                filter?: {
                                    [key: string]: unknown;
                                };
                                /** @description How many ids were selected */
                                ids?: number;
                            };
                            startedAt: string | null;
                            /**
                             * @description running, then done, aborted (by `abortedBy`) or failed (`error`)
                             * @enum {string}
                             */
                            state: "running" | "done" | "aborted" | "failed";
                            /** @description Not reached yet, or never (aborted): matched − done − refused − failed */
                            untouched: number;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bulk-operations/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a bulk action would do now, without doing it
         * @description Counts the jobs the selection matches (up to 100,000; past it `matchedIsExact` is false and creating the operation is a 400) and how many the action would act on or leave alone, by reason, as they stand now. The dashboard asks to confirm with `matched` and sends it back as `expectedCount`. A retry's payload patch is checked as creating would check it (400). Writes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description `cancel` (queued jobs are cancelled, running ones asked to stop), `retry` (failed or cancelled jobs run again as new jobs) or `delete` (finished jobs move to the archive; unfinished ones are refused)
                         * @enum {string}
                         */
                        action: "cancel" | "retry" | "delete";
                        /** @description Every job this filter matches when the operation is created: the same filter as GET /api/jobs */
                        filter?: {
                            /** @description JSON the payload contains (Postgres `@>`): {"dryRun":true}; nested objects match part of the payload's, an array matches arrays holding its items */
                            contains?: string;
                            /** @description Text the error contains, whatever the case (3 characters or more are answered by an index) */
                            error?: string;
                            /** @description Created at or after this date-time or date */
                            from?: string;
                            /** @description The start of a job id, e.g. the 8 characters the dashboard shows (dashes ignored) */
                            idPrefix?: string;
                            /** @description A payload key path equal to a value, as path=value, e.g. isoWeek=2026-W48 or options.mode=full; the value matches a string, or the number or boolean it spells (batchSize=100 matches 100 and "100"). Repeat for several (all must hold). */
                            payload?: string | string[];
                            /** @description The dashboard's query language instead of the typed filters */
                            q?: string;
                            /** @description Created by this schedule (its name) */
                            schedule?: string;
                            /** @description A users.id, 'service' or 'scheduler' */
                            startedBy?: string;
                            /** @description Stored status, or several separated by commas (any of them): pending, running, completed, failed, cancelled */
                            status?: string;
                            /** @description Carries this tag; repeat (`tag=a&tag=b`) for jobs carrying all of them */
                            tag?: string | string[];
                            /** @description Created before this date-time; a date (YYYY-MM-DD) includes that whole day (UTC) */
                            to?: string;
                            /** @description Job type, or several separated by commas (any of them) */
                            type?: string;
                        };
                        /** @description Selected jobs, 1 to 1000 ids (give `ids` or `filter`) */
                        ids?: string[];
                        /** @description retry only: merged into each job's payload (JSON merge patch: keys replace, objects merge, null removes a key); every merged payload is checked against its type's schema before anything happens */
                        payloadPatch?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Matches by status (`stopping`: running and asked to stop; `absent`: ids without a job) */
                            byStatus: {
                                [key: string]: number;
                            };
                            matched: number;
                            matchedIsExact: boolean;
                            wouldAct: number;
                            wouldRefuse: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every job’s lifecycle, as server-sent events
         * @description Events of the kinds in `JobEventKind`; each but `log` carries the job (`JobSummary`) as `job`. Also `queue-paused` and `queue-resumed` (`QueueEventData`: a queue paused or resumed anywhere, within a second; no id, not replayed), `reset` (reload, then follow from here) and `expired` (sign in again).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only these kinds of event (comma-separated; default all): created, started, progress, log, cancel_requested, retried, completed, failed, cancelled, queue-paused, queue-resumed */
                    kinds?: string;
                    /** @description Same as the Last-Event-ID header */
                    lastEventId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A stream of server-sent events: `event:` is a JobEventKind (or `reset`, `expired`), `id:` its id, `data:` JSON; on GET /api/events also a QueueEventKind (no id) with QueueEventData */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["JobEventData"] | components["schemas"]["QueueEventData"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/history/sparklines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every job type’s finished and failed jobs per hour (24 h) or per day (30 days), for sparklines
         * @description Read from the same rollups as GET /api/job-types/:name/history; shared for up to 5 s.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 24h: per hour over the last 24 hours; 30d: per day (UTC) over the last 30 days */
                    range?: "24h" | "30d";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HistorySparklines"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/job-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every job type: description, payload schema, defaults, schedules, typical duration */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobTypes: {
                                /** @description The name of the schedule the type's code declares (see GET /api/schedules/:name), or null */
                                declaredSchedule: string | null;
                                defaults: {
                                    attempts: number;
                                    backoff: {
                                        delay: number;
                                        type: string;
                                    };
                                    concurrency: number;
                                    /** @description Runs one at a time */
                                    exclusive: boolean;
                                    /** @enum {string} */
                                    priority: "HIGH" | "MEDIUM" | "LOW";
                                    rateLimit: {
                                        durationMs: number;
                                        max: number;
                                    } | null;
                                    timeoutMs: number;
                                };
                                description: string;
                                /** @description Seconds, over the newest completed runs; null without history */
                                duration: {
                                    p50: number;
                                    p90: number;
                                    samples: number;
                                } | null;
                                implemented: boolean;
                                name: string;
                                /** @description JSON Schema of the payload (draft 2020-12) */
                                payloadSchema: {
                                    [key: string]: unknown;
                                };
                                /** @description How long its finished jobs are kept before they are archived */
                                retention: components["schemas"]["JobTypeRetention"];
                                schedules: {
                                    cron: string | null;
                                    enabled: boolean;
                                    everyMs: number | null;
                                    name: string;
                                    nextRunAt: string | null;
                                    timezone: string;
                                    /** @description The timing in words, from the cron or interval itself */
                                    when: string;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/job-types/{name}/audience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a job type sends email, and to how many people now */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobType: string;
                            /** @description How many people a real run would email now; null when that depends on what the run finds */
                            recipients: number | null;
                            /** @description A real (not dry) run of this type emails people */
                            sendsEmail: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/job-types/{name}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job type's throughput, failures and p50/p95 run time, per minute (24 h) or per hour (30 days)
         * @description Read from rollups the lifecycle writes as each job ends (answers are shared for up to 5 s). Percentiles come from a histogram of four buckets per doubling, so they are within 9%.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 24h: per minute over the last 24 hours; 30d: per hour over the last 30 days */
                    range?: "24h" | "30d";
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobTypeHistory"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/job-types/{name}/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How long a type's finished jobs are kept before they are archived */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobTypeRetention"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /**
         * Keep a type's finished jobs this long (an admin's override of its code)
         * @description `days` for completed and cancelled jobs, `failedDays` (default: `days`) for failed ones, each 1–3650. The next cleanup_old_data run archives by it.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        days: number;
                        failedDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobTypeRetention"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Hand a type's retention back to its code (ends the admin's override) */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobTypeRetention"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Jobs, newest first, filtered
         * @description Every given filter must hold. Filters: `type`, `status` (comma lists), `tag` (repeated: all of them), `payload` (path=value, repeated), `contains` (JSON), `error` (text), `idPrefix`, `schedule`, `startedBy`, `from`/`to`; or `q`, the same in the dashboard's query language. A search may run for JOB_SEARCH_TIMEOUT_MS (2 s) in Postgres: past that the answer is 400 `search_too_broad` ("narrow the search: …"), never a slow scan. Each job says how to show it (`display`: queued, waiting to retry, paused, running, stopping, or how it ended) and what the caller may do to it now (`actions`).
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    /** @description JSON the payload contains (Postgres `@>`): {"dryRun":true}; nested objects match part of the payload's, an array matches arrays holding its items */
                    contains?: string;
                    /** @description Text the error contains, whatever the case (3 characters or more are answered by an index) */
                    error?: string;
                    /** @description Created at or after this date-time or date */
                    from?: string;
                    /** @description The start of a job id, e.g. the 8 characters the dashboard shows (dashes ignored) */
                    idPrefix?: string;
                    limit?: number;
                    page?: number;
                    /** @description A payload key path equal to a value, as path=value, e.g. isoWeek=2026-W48 or options.mode=full; the value matches a string, or the number or boolean it spells (batchSize=100 matches 100 and "100"). Repeat for several (all must hold). */
                    payload?: string | string[];
                    /** @description The dashboard's query language instead of the typed filters, e.g. `type:weekly_digest status:failed payload.isoWeek:2026-W48 tag:backfill schedule:nightly id:3fa85f64 "ECONNRESET"` (keys: type, status, tag, schedule, id, startedBy, from, to, payload.<path>, payload:{json}, error; quoted or bare words: error text). A term it cannot read is a 400 invalid_query naming it. */
                    q?: string;
                    /** @description Created by this schedule (its name) */
                    schedule?: string;
                    /** @description A users.id, 'service' or 'scheduler' */
                    startedBy?: string;
                    /** @description Stored status, or several separated by commas (any of them): pending, running, completed, failed, cancelled */
                    status?: string;
                    /** @description Carries this tag; repeat (`tag=a&tag=b`) for jobs carrying all of them */
                    tag?: string | string[];
                    /** @description Created before this date-time; a date (YYYY-MM-DD) includes that whole day (UTC) */
                    to?: string;
                    /** @description Job type, or several separated by commas (any of them) */
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobs: components["schemas"]["JobView"][];
                            limit: number;
                            /**
                             * Format: uuid
                             * @description Pass as `after` for the next page (cheaper than deep `page`s)
                             */
                            nextAfter: string | null;
                            page: number;
                            /** @description Matches, counted up to 10,000 */
                            total: number;
                            /** @description False when there are more than 10,000 matches */
                            totalIsExact: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job: status, progress, result, and an estimate of its completion while it runs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
                            actions: components["schemas"]["JobAction"][];
                            /** @description Every attempt, first first: why it started, who ran it, how it ended (as many as `attempts`) */
                            attemptHistory: {
                                /** Format: date-time */
                                endedAt: string | null;
                                error: string | null;
                                number: number;
                                /**
                                 * @description null while it runs
                                 * @enum {string|null}
                                 */
                                outcome: "stalled" | "failed" | "completed" | "cancelled" | "lost" | null;
                                /**
                                 * @description first run, retry after a failure, stalled (its worker stopped answering), requeued (Redis lost it)
                                 * @enum {string}
                                 */
                                reason: "first" | "retry" | "stalled" | "requeued";
                                /** Format: date-time */
                                startedAt: string;
                                workerId: string | null;
                            }[];
                            /** @description Attempts started so far (every one is in the job's attemptHistory) */
                            attempts: number;
                            /**
                             * Format: date-time
                             * @description When someone asked this running job to stop
                             */
                            cancelRequestedAt: string | null;
                            /** Format: date-time */
                            completedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            display: components["schemas"]["JobDisplay"];
                            /** @description The payload asks for a dry run (payload.dryRun is true) */
                            dryRun: boolean;
                            error: string | null;
                            /** @description While running: from past runs of the type and its progress */
                            eta: {
                                /** @enum {string} */
                                basis: "no history" | "history" | "progress" | "progress and history";
                                /** Format: date-time */
                                expectedCompletionAt: string | null;
                                /** Format: date-time */
                                high: string | null;
                                /** Format: date-time */
                                low: string | null;
                                /** @description The job said it has this many items, and past runs were scaled to that size; null when they were not */
                                scaledToItems: number | null;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            jobType: string;
                            maxAttempts: number;
                            payload: {
                                [key: string]: unknown;
                            };
                            priority: components["schemas"]["Priority"];
                            progress: {
                                done?: number;
                                message?: string;
                                percent: number;
                                total?: number;
                            } | null;
                            result: {
                                /** @description True when the job was stopped on request: the counts say what it did before (success is false) */
                                cancelled?: boolean;
                                details?: {
                                    [key: string]: unknown;
                                };
                                errors?: string[];
                                itemsProcessed?: number;
                                success: boolean;
                            } | null;
                            /** Format: uuid */
                            retryOf: string | null;
                            scheduleName: string | null;
                            /** Format: date-time */
                            startedAt: string | null;
                            /** @description users.id of the admin, 'service' or 'scheduler' */
                            startedBy: string | null;
                            startedByClerkId: string | null;
                            status: components["schemas"]["JobStatus"];
                            /** @description Labels given by its trigger or its schedule */
                            tags: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{jobId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a job
         * @description A queued job is removed and answers `cancelled` (200). A running job is signalled on whichever worker runs it, stops at its next checkpoint and becomes `cancelled` with its partial result; the answer is 202 with the job still `running`. A finished job: 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobView"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{jobId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job’s lifecycle and log lines, as server-sent events */
        get: {
            parameters: {
                query?: {
                    /** @description Only these kinds of event (comma-separated; default all): created, started, progress, log, cancel_requested, retried, completed, failed, cancelled, queue-paused, queue-resumed */
                    kinds?: string;
                    /** @description Same as the Last-Event-ID header */
                    lastEventId?: string;
                };
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A stream of server-sent events: `event:` is a JobEventKind (or `reset`, `expired`), `id:` its id, `data:` JSON; on GET /api/events also a QueueEventKind (no id) with QueueEventData */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["JobEventData"] | components["schemas"]["QueueEventData"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{jobId}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job's log lines, oldest first
         * @description What the handler logged (info and above), kept in Postgres. Page with `after`: the last id seen.
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            logs: {
                                /** Format: date-time */
                                at: string;
                                data: {
                                    [key: string]: unknown;
                                } | null;
                                id: string;
                                /** @enum {string} */
                                level: "info" | "warn" | "error";
                                message: string;
                            }[];
                            /** @description Pass as `after` for the next page; null at the end for now */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{jobId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a failed or cancelled job again
         * @description Creates a new job with the same type, payload and priority, linked to the original by retryOf. With `payload`, the new job runs with that payload instead (checked against the type); the original keeps its own.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Run the retry with this payload instead */
                        payload?: {
                            [key: string]: unknown;
                        };
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            jobId: string;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed" | "cancelled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{jobId}/run-now": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a job waiting to retry now, instead of at the end of its backoff
         * @description Moves the job's delayed BullMQ job forward (promote): a worker takes it as soon as one is free. A job not waiting to retry (queued, running, finished): 409 `not_waiting`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JobView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a job now
         * @description Records the job (pending) and queues it. Answers once the record is committed. With an Idempotency-Key header, a repeat within 24 hours gets the first answer and creates nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description One of the types listed by the catalogue */
                        jobType: string;
                        /** @description Checked against the type's payload schema */
                        payload?: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        priority?: "HIGH" | "MEDIUM" | "LOW";
                        /** @description Up to 5 labels to find the job by (GET /api/jobs?tag=), each 1–40 characters of a-z 0-9 _ . : - */
                        tags?: string[];
                        /** @description Accepted for compatibility and ignored: the actor comes from authentication */
                        triggeredBy?: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            jobId: string;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed" | "cancelled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Overview in one read: running, waiting, recent failures, types, next runs */
        get: {
            parameters: {
                query?: {
                    /** @description The days the types’ figures cover: 1, 7 or 30 */
                    days?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Overview"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every job type's queue: paused or not, since when, by whom, until when */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            queues: components["schemas"]["QueueState"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/queues/{type}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a job type's queue, until a time or until resumed
         * @description Its waiting and new jobs stay queued (pending) and none starts; running jobs finish. Schedule ticks of the type wait too: their slots are settled by each schedule's missed-run policy once the queue is resumed. With `until` the queue resumes by itself then, whichever process sees it first. The pause is kept in Postgres and applied to BullMQ at every start, so restarts and a Redis that lost its data do not resume it. Pausing a paused queue changes its end and reason (since stays).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    /** @description The job type whose queue it is */
                    type: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why, shown with the pause */
                        reason?: string | null;
                        /**
                         * Format: date-time
                         * @description When it resumes by itself: in the future, at most 30 days ahead
                         */
                        until?: string | null;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QueueState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/queues/{type}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a job type's paused queue
         * @description Its waiting jobs start as workers take them. 409 when it is not paused.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    /** @description The job type whose queue it is */
                    type: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QueueState"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retry-waits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Jobs waiting between attempts, with their next try and the error that sent them there
         * @description Pending jobs whose newest attempt failed, held by BullMQ for their backoff; those that failed longest ago first.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only jobs whose failed attempt's error contains this text (any case) */
                    error?: string;
                    limit?: number;
                    page?: number;
                    /** @description Only jobs of this type */
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobs: {
                                /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
                                actions: components["schemas"]["JobAction"][];
                                /** @description That attempt's error */
                                attemptError: string | null;
                                /** @description Attempts started so far (every one is in the job's attemptHistory) */
                                attempts: number;
                                /**
                                 * Format: date-time
                                 * @description When someone asked this running job to stop
                                 */
                                cancelRequestedAt: string | null;
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                display: components["schemas"]["JobDisplay"];
                                /** @description The payload asks for a dry run (payload.dryRun is true) */
                                dryRun: boolean;
                                error: string | null;
                                /** @description The attempt that failed */
                                failedAttempt: number;
                                /** Format: uuid */
                                id: string;
                                jobType: string;
                                maxAttempts: number;
                                /** @description When BullMQ runs the job again */
                                nextTryAt: string;
                                /**
                                 * @description `queue`: BullMQ's delayed job (what holds); `backoff`: computed from the failed attempt's end and the type's backoff, when Redis did not say
                                 * @enum {string}
                                 */
                                nextTryFrom: "queue" | "backoff";
                                priority: components["schemas"]["Priority"];
                                progress: {
                                    done?: number;
                                    message?: string;
                                    percent: number;
                                    total?: number;
                                } | null;
                                /** Format: uuid */
                                retryOf: string | null;
                                scheduleName: string | null;
                                /** Format: date-time */
                                startedAt: string | null;
                                /** @description users.id of the admin, 'service' or 'scheduler' */
                                startedBy: string | null;
                                startedByClerkId: string | null;
                                status: components["schemas"]["JobStatus"];
                                /** @description Labels given by its trigger or its schedule */
                                tags: string[];
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            limit: number;
                            page: number;
                            /** @description Matches, counted up to 10,000 */
                            total: number;
                            totalIsExact: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retry-waits/run-now": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run every job waiting to retry that matches, now
         * @description Moves up to `max` (at most 1000) matching jobs forward, those that failed longest ago first, each as POST /api/jobs/:jobId/run-now does. Answers how many matched and moved, and why any did not (e.g. it started meanwhile); `more` says whether matches were left for another call.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only jobs whose failed attempt's error contains this text (any case) */
                        error?: string;
                        /** @default 1000 */
                        max?: number;
                        /** @description Only jobs of this type */
                        type?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            matched: number;
                            /** @description More jobs matched than `max`: call again for the rest */
                            more: boolean;
                            moved: number;
                            notMoved: {
                                /** Format: uuid */
                                id: string;
                                reason: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedule-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check a timing before saving it: problems, the timing in words and the next fire times
         * @description What PUT /api/schedules/:name would say of this timing, without storing anything: for editors that validate as the user types. Each time carries its UTC offset; `offsetChanged` marks the first fire after a daylight-saving shift, and `dst` a fire whose local time the shift skips or repeats (what the schedule does then, in words).
         */
        get: {
            parameters: {
                query?: {
                    count?: number;
                    cron?: string;
                    everyMs?: number;
                    /** @description The first fire after this time (default now), before the year 3000 */
                    from?: string;
                    /** @description For the rules of its type (six-field crons) */
                    jobType?: string;
                    timezone?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            problems: string[];
                            times: {
                                /** Format: date-time */
                                at: string;
                                /** @description Set when a daylight-saving change skips or repeats this local time */
                                dst: {
                                    /** @enum {string} */
                                    kind: "skipped" | "repeated";
                                    /** @description "02:30 does not exist on 29 Mar (clocks go forward); fires at 03:30 CEST" */
                                    note: string;
                                } | null;
                                local: string;
                                offsetChanged: boolean;
                                utcOffset: string;
                            }[];
                            timezone: string;
                            when: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every schedule, with its next run and its last run */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schedules: {
                                /** @description catch_up: at most this many missed slots run… */
                                catchUpMax: number | null;
                                /** @description …of those within this long before now */
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                                declared: {
                                    catchUpMax: number | null;
                                    catchUpWindowMs: number | null;
                                    cron: string | null;
                                    description: string | null;
                                    everyMs: number | null;
                                    /** @enum {string} */
                                    missedPolicy: "skip" | "run_once" | "catch_up";
                                    /** @enum {string} */
                                    overlapPolicy: "skip" | "queue" | "cancel";
                                    payload: {
                                        [key: string]: unknown;
                                    };
                                    /** @enum {string|null} */
                                    priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                    timezone: string;
                                } | null;
                                /** @description What the schedule is for, in its author’s words */
                                description: string | null;
                                enabled: boolean;
                                everyMs: number | null;
                                /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                                graceMs: number;
                                /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                                graceMsOverride: number | null;
                                jobType: string;
                                /** @description The newest settling of missed slots */
                                lastMiss: {
                                    /** @enum {string} */
                                    action: "skipped" | "ran_once" | "caught_up";
                                    /** Format: date-time */
                                    firstSlotAt: string;
                                    id: string;
                                    /** Format: date-time */
                                    lastSlotAt: string;
                                    /**
                                     * @description The missed-run policy in force when they were settled
                                     * @enum {string}
                                     */
                                    policy: "skip" | "run_once" | "catch_up";
                                    /** @description The runs started for them (none when skipped) */
                                    runIds: string[];
                                    scheduleName: string;
                                    /** Format: date-time */
                                    settledAt: string;
                                    /** @description How many slots nobody ran in time */
                                    slots: number;
                                    /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                    summary: string;
                                } | null;
                                lastRun: {
                                    /** Format: date-time */
                                    completedAt: string | null;
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** Format: uuid */
                                    id: string;
                                    status: string;
                                } | null;
                                /**
                                 * @description Slots nobody ran in time: skip them, run once, or catch up
                                 * @enum {string}
                                 */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                name: string;
                                /**
                                 * Format: date-time
                                 * @description Null while disabled; while paused, the first slot after the pause
                                 */
                                nextRunAt: string | null;
                                /**
                                 * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                                 * @enum {string}
                                 */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                                override: {
                                    /** Format: date-time */
                                    at: string;
                                    by: string;
                                    /** @description The fields that differ from `declared` (the drift) */
                                    fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                                } | null;
                                /** @description While paused: no slot up to `until` runs or counts as missed */
                                pause: {
                                    /** Format: date-time */
                                    at: string;
                                    by: string;
                                    /** Format: date-time */
                                    until: string;
                                } | null;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * @description The schedule's priority, or its job type's default
                                 * @enum {string}
                                 */
                                priority: "HIGH" | "MEDIUM" | "LOW";
                                /**
                                 * @description Set on the schedule; null when the default applies
                                 * @enum {string|null}
                                 */
                                priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                                /**
                                 * Format: date-time
                                 * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                                 */
                                queuedSlotAt: string | null;
                                /** @description Copied onto every job it creates */
                                tags: string[];
                                timezone: string;
                                /** Format: date-time */
                                updatedAt: string;
                                updatedBy: string;
                                /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                                when: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One schedule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catch_up: at most this many missed slots run… */
                            catchUpMax: number | null;
                            /** @description …of those within this long before now */
                            catchUpWindowMs: number | null;
                            cron: string | null;
                            /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                            declared: {
                                catchUpMax: number | null;
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                description: string | null;
                                everyMs: number | null;
                                /** @enum {string} */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                /** @enum {string} */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                timezone: string;
                            } | null;
                            /** @description What the schedule is for, in its author’s words */
                            description: string | null;
                            enabled: boolean;
                            everyMs: number | null;
                            /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                            graceMs: number;
                            /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                            graceMsOverride: number | null;
                            jobType: string;
                            /** @description The newest settling of missed slots */
                            lastMiss: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            } | null;
                            lastRun: {
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                status: string;
                            } | null;
                            /**
                             * @description Slots nobody ran in time: skip them, run once, or catch up
                             * @enum {string}
                             */
                            missedPolicy: "skip" | "run_once" | "catch_up";
                            name: string;
                            /**
                             * Format: date-time
                             * @description Null while disabled; while paused, the first slot after the pause
                             */
                            nextRunAt: string | null;
                            /**
                             * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                             * @enum {string}
                             */
                            overlapPolicy: "skip" | "queue" | "cancel";
                            /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                            override: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** @description The fields that differ from `declared` (the drift) */
                                fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                            } | null;
                            /** @description While paused: no slot up to `until` runs or counts as missed */
                            pause: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** Format: date-time */
                                until: string;
                            } | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /**
                             * @description The schedule's priority, or its job type's default
                             * @enum {string}
                             */
                            priority: "HIGH" | "MEDIUM" | "LOW";
                            /**
                             * @description Set on the schedule; null when the default applies
                             * @enum {string|null}
                             */
                            priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                            /**
                             * Format: date-time
                             * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                             */
                            queuedSlotAt: string | null;
                            /** @description Copied onto every job it creates */
                            tags: string[];
                            timezone: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                            when: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /**
         * Change a schedule, or create one
         * @description Changes the given fields of a schedule (the others stay); with jobType and a cron or everyMs, creates it. Takes effect on every replica at once. Changing a field a job type declares (cron, everyMs, timezone, payload, priority, description, missedPolicy, catchUpMax, catchUpWindowMs, overlapPolicy) overrides the code's declaration: deploys keep it until POST /api/schedules/:name/reset.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description catch_up: at most this many runs… */
                        catchUpMax?: number | null;
                        /** @description …of the missed slots within this long before now (catch_up only) */
                        catchUpWindowMs?: number | null;
                        /** @description A cron pattern; setting it clears everyMs */
                        cron?: string | null;
                        /** @description What the schedule is for */
                        description?: string | null;
                        enabled?: boolean;
                        /** @description A fixed interval in ms, from 1000 to 31622400000 (366 days); setting it clears cron */
                        everyMs?: number | null;
                        /** @description How late a run may start before its slot counts as missed; null: half the period within 1 s–10 min */
                        graceMs?: number | null;
                        /** @description Required to create a schedule; cannot change after */
                        jobType?: string;
                        /**
                         * @description Slots nobody ran in time: skip, run_once (default) or catch_up (needs catchUpMax and catchUpWindowMs)
                         * @enum {string}
                         */
                        missedPolicy?: "skip" | "run_once" | "catch_up";
                        /**
                         * @description A slot while the previous run still goes: skip (default), queue one run after it, cancel it
                         * @enum {string}
                         */
                        overlapPolicy?: "skip" | "queue" | "cancel";
                        payload?: {
                            [key: string]: unknown;
                        };
                        /**
                         * @description null: the job type's default
                         * @enum {string|null}
                         */
                        priority?: "HIGH" | "MEDIUM" | "LOW" | null;
                        /** @description Copied onto every job the schedule creates (replaces the tags it had) */
                        tags?: string[];
                        /** @description IANA time zone of the cron pattern (default UTC), stored by its canonical name */
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catch_up: at most this many missed slots run… */
                            catchUpMax: number | null;
                            /** @description …of those within this long before now */
                            catchUpWindowMs: number | null;
                            cron: string | null;
                            /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                            declared: {
                                catchUpMax: number | null;
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                description: string | null;
                                everyMs: number | null;
                                /** @enum {string} */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                /** @enum {string} */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                timezone: string;
                            } | null;
                            /** @description What the schedule is for, in its author’s words */
                            description: string | null;
                            enabled: boolean;
                            everyMs: number | null;
                            /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                            graceMs: number;
                            /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                            graceMsOverride: number | null;
                            jobType: string;
                            /** @description The newest settling of missed slots */
                            lastMiss: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            } | null;
                            lastRun: {
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                status: string;
                            } | null;
                            /**
                             * @description Slots nobody ran in time: skip them, run once, or catch up
                             * @enum {string}
                             */
                            missedPolicy: "skip" | "run_once" | "catch_up";
                            name: string;
                            /**
                             * Format: date-time
                             * @description Null while disabled; while paused, the first slot after the pause
                             */
                            nextRunAt: string | null;
                            /**
                             * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                             * @enum {string}
                             */
                            overlapPolicy: "skip" | "queue" | "cancel";
                            /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                            override: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** @description The fields that differ from `declared` (the drift) */
                                fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                            } | null;
                            /** @description While paused: no slot up to `until` runs or counts as missed */
                            pause: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** Format: date-time */
                                until: string;
                            } | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /**
                             * @description The schedule's priority, or its job type's default
                             * @enum {string}
                             */
                            priority: "HIGH" | "MEDIUM" | "LOW";
                            /**
                             * @description Set on the schedule; null when the default applies
                             * @enum {string|null}
                             */
                            priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                            /**
                             * Format: date-time
                             * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                             */
                            queuedSlotAt: string | null;
                            /** @description Copied onto every job it creates */
                            tags: string[];
                            timezone: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                            when: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catch_up: at most this many missed slots run… */
                            catchUpMax: number | null;
                            /** @description …of those within this long before now */
                            catchUpWindowMs: number | null;
                            cron: string | null;
                            /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                            declared: {
                                catchUpMax: number | null;
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                description: string | null;
                                everyMs: number | null;
                                /** @enum {string} */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                /** @enum {string} */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                timezone: string;
                            } | null;
                            /** @description What the schedule is for, in its author’s words */
                            description: string | null;
                            enabled: boolean;
                            everyMs: number | null;
                            /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                            graceMs: number;
                            /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                            graceMsOverride: number | null;
                            jobType: string;
                            /** @description The newest settling of missed slots */
                            lastMiss: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            } | null;
                            lastRun: {
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                status: string;
                            } | null;
                            /**
                             * @description Slots nobody ran in time: skip them, run once, or catch up
                             * @enum {string}
                             */
                            missedPolicy: "skip" | "run_once" | "catch_up";
                            name: string;
                            /**
                             * Format: date-time
                             * @description Null while disabled; while paused, the first slot after the pause
                             */
                            nextRunAt: string | null;
                            /**
                             * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                             * @enum {string}
                             */
                            overlapPolicy: "skip" | "queue" | "cancel";
                            /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                            override: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** @description The fields that differ from `declared` (the drift) */
                                fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                            } | null;
                            /** @description While paused: no slot up to `until` runs or counts as missed */
                            pause: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** Format: date-time */
                                until: string;
                            } | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /**
                             * @description The schedule's priority, or its job type's default
                             * @enum {string}
                             */
                            priority: "HIGH" | "MEDIUM" | "LOW";
                            /**
                             * @description Set on the schedule; null when the default applies
                             * @enum {string|null}
                             */
                            priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                            /**
                             * Format: date-time
                             * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                             */
                            queuedSlotAt: string | null;
                            /** @description Copied onto every job it creates */
                            tags: string[];
                            timezone: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                            when: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        /**
         * Remove a schedule
         * @description Deletes the schedule and its timer on every replica; runs already started go on, and past runs keep its name. A schedule a job type declares that is removed stays removed across deploys until it is created again or POST /api/schedules/defaults/restore brings it back.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            removed: {
                                /** @description catch_up: at most this many missed slots run… */
                                catchUpMax: number | null;
                                /** @description …of those within this long before now */
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                                declared: {
                                    catchUpMax: number | null;
                                    catchUpWindowMs: number | null;
                                    cron: string | null;
                                    description: string | null;
                                    everyMs: number | null;
                                    /** @enum {string} */
                                    missedPolicy: "skip" | "run_once" | "catch_up";
                                    /** @enum {string} */
                                    overlapPolicy: "skip" | "queue" | "cancel";
                                    payload: {
                                        [key: string]: unknown;
                                    };
                                    /** @enum {string|null} */
                                    priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                    timezone: string;
                                } | null;
                                /** @description What the schedule is for, in its author’s words */
                                description: string | null;
                                enabled: boolean;
                                everyMs: number | null;
                                /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                                graceMs: number;
                                /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                                graceMsOverride: number | null;
                                jobType: string;
                                /** @description The newest settling of missed slots */
                                lastMiss: {
                                    /** @enum {string} */
                                    action: "skipped" | "ran_once" | "caught_up";
                                    /** Format: date-time */
                                    firstSlotAt: string;
                                    id: string;
                                    /** Format: date-time */
                                    lastSlotAt: string;
                                    /**
                                     * @description The missed-run policy in force when they were settled
                                     * @enum {string}
                                     */
                                    policy: "skip" | "run_once" | "catch_up";
                                    /** @description The runs started for them (none when skipped) */
                                    runIds: string[];
                                    scheduleName: string;
                                    /** Format: date-time */
                                    settledAt: string;
                                    /** @description How many slots nobody ran in time */
                                    slots: number;
                                    /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                    summary: string;
                                } | null;
                                lastRun: {
                                    /** Format: date-time */
                                    completedAt: string | null;
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** Format: uuid */
                                    id: string;
                                    status: string;
                                } | null;
                                /**
                                 * @description Slots nobody ran in time: skip them, run once, or catch up
                                 * @enum {string}
                                 */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                name: string;
                                /**
                                 * Format: date-time
                                 * @description Null while disabled; while paused, the first slot after the pause
                                 */
                                nextRunAt: string | null;
                                /**
                                 * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                                 * @enum {string}
                                 */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                                override: {
                                    /** Format: date-time */
                                    at: string;
                                    by: string;
                                    /** @description The fields that differ from `declared` (the drift) */
                                    fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                                } | null;
                                /** @description While paused: no slot up to `until` runs or counts as missed */
                                pause: {
                                    /** Format: date-time */
                                    at: string;
                                    by: string;
                                    /** Format: date-time */
                                    until: string;
                                } | null;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * @description The schedule's priority, or its job type's default
                                 * @enum {string}
                                 */
                                priority: "HIGH" | "MEDIUM" | "LOW";
                                /**
                                 * @description Set on the schedule; null when the default applies
                                 * @enum {string|null}
                                 */
                                priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                                /**
                                 * Format: date-time
                                 * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                                 */
                                queuedSlotAt: string | null;
                                /** @description Copied onto every job it creates */
                                tags: string[];
                                timezone: string;
                                /** Format: date-time */
                                updatedAt: string;
                                updatedBy: string;
                                /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                                when: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}/misses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a schedule missed and what was done about it
         * @description Each settling of slots nobody ran in time (no worker serving the queue, the queue paused, Redis lost, a deploy), newest first: the slots, the missed-run policy and what it did.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            misses: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a schedule until a time
         * @description No slot up to `until` runs or counts as missed; the schedule resumes by itself then (restarts included). Pausing a paused schedule moves its end.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description When it resumes: in the future, at most 90 days ahead
                         */
                        until: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catch_up: at most this many missed slots run… */
                            catchUpMax: number | null;
                            /** @description …of those within this long before now */
                            catchUpWindowMs: number | null;
                            cron: string | null;
                            /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                            declared: {
                                catchUpMax: number | null;
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                description: string | null;
                                everyMs: number | null;
                                /** @enum {string} */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                /** @enum {string} */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                timezone: string;
                            } | null;
                            /** @description What the schedule is for, in its author’s words */
                            description: string | null;
                            enabled: boolean;
                            everyMs: number | null;
                            /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                            graceMs: number;
                            /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                            graceMsOverride: number | null;
                            jobType: string;
                            /** @description The newest settling of missed slots */
                            lastMiss: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            } | null;
                            lastRun: {
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                status: string;
                            } | null;
                            /**
                             * @description Slots nobody ran in time: skip them, run once, or catch up
                             * @enum {string}
                             */
                            missedPolicy: "skip" | "run_once" | "catch_up";
                            name: string;
                            /**
                             * Format: date-time
                             * @description Null while disabled; while paused, the first slot after the pause
                             */
                            nextRunAt: string | null;
                            /**
                             * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                             * @enum {string}
                             */
                            overlapPolicy: "skip" | "queue" | "cancel";
                            /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                            override: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** @description The fields that differ from `declared` (the drift) */
                                fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                            } | null;
                            /** @description While paused: no slot up to `until` runs or counts as missed */
                            pause: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** Format: date-time */
                                until: string;
                            } | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /**
                             * @description The schedule's priority, or its job type's default
                             * @enum {string}
                             */
                            priority: "HIGH" | "MEDIUM" | "LOW";
                            /**
                             * @description Set on the schedule; null when the default applies
                             * @enum {string|null}
                             */
                            priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                            /**
                             * Format: date-time
                             * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                             */
                            queuedSlotAt: string | null;
                            /** @description Copied onto every job it creates */
                            tags: string[];
                            timezone: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                            when: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The next fire times of a schedule
         * @description Computed with the next-time function BullMQ fires by, in the schedule's time zone; `dst` marks a fire whose local time a daylight-saving change skips or repeats.
         */
        get: {
            parameters: {
                query?: {
                    count?: number;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            times: {
                                /** Format: date-time */
                                at: string;
                                /** @description Set when a daylight-saving change skips or repeats this local time */
                                dst: {
                                    /** @enum {string} */
                                    kind: "skipped" | "repeated";
                                    /** @description "02:30 does not exist on 29 Mar (clocks go forward); fires at 03:30 CEST" */
                                    note: string;
                                } | null;
                                local: string;
                                offsetChanged: boolean;
                                utcOffset: string;
                            }[];
                            timezone: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a declared schedule to its code's declaration
         * @description Sets every declared field (timing, payload, priority, description, policies) to what the job type's code declares and ends the override, so later deploys change it again; enabled and grace stay. 409 when no code declares the schedule.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catch_up: at most this many missed slots run… */
                            catchUpMax: number | null;
                            /** @description …of those within this long before now */
                            catchUpWindowMs: number | null;
                            cron: string | null;
                            /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                            declared: {
                                catchUpMax: number | null;
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                description: string | null;
                                everyMs: number | null;
                                /** @enum {string} */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                /** @enum {string} */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                timezone: string;
                            } | null;
                            /** @description What the schedule is for, in its author’s words */
                            description: string | null;
                            enabled: boolean;
                            everyMs: number | null;
                            /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                            graceMs: number;
                            /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                            graceMsOverride: number | null;
                            jobType: string;
                            /** @description The newest settling of missed slots */
                            lastMiss: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            } | null;
                            lastRun: {
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                status: string;
                            } | null;
                            /**
                             * @description Slots nobody ran in time: skip them, run once, or catch up
                             * @enum {string}
                             */
                            missedPolicy: "skip" | "run_once" | "catch_up";
                            name: string;
                            /**
                             * Format: date-time
                             * @description Null while disabled; while paused, the first slot after the pause
                             */
                            nextRunAt: string | null;
                            /**
                             * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                             * @enum {string}
                             */
                            overlapPolicy: "skip" | "queue" | "cancel";
                            /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                            override: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** @description The fields that differ from `declared` (the drift) */
                                fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                            } | null;
                            /** @description While paused: no slot up to `until` runs or counts as missed */
                            pause: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** Format: date-time */
                                until: string;
                            } | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /**
                             * @description The schedule's priority, or its job type's default
                             * @enum {string}
                             */
                            priority: "HIGH" | "MEDIUM" | "LOW";
                            /**
                             * @description Set on the schedule; null when the default applies
                             * @enum {string|null}
                             */
                            priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                            /**
                             * Format: date-time
                             * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                             */
                            queuedSlotAt: string | null;
                            /** @description Copied onto every job it creates */
                            tags: string[];
                            timezone: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                            when: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a pause now
         * @description The schedule fires again from its next slot; the slots the pause held are neither run nor missed. 409 when it is not paused.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description catch_up: at most this many missed slots run… */
                            catchUpMax: number | null;
                            /** @description …of those within this long before now */
                            catchUpWindowMs: number | null;
                            cron: string | null;
                            /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                            declared: {
                                catchUpMax: number | null;
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                description: string | null;
                                everyMs: number | null;
                                /** @enum {string} */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                /** @enum {string} */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string|null} */
                                priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                timezone: string;
                            } | null;
                            /** @description What the schedule is for, in its author’s words */
                            description: string | null;
                            enabled: boolean;
                            everyMs: number | null;
                            /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                            graceMs: number;
                            /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                            graceMsOverride: number | null;
                            jobType: string;
                            /** @description The newest settling of missed slots */
                            lastMiss: {
                                /** @enum {string} */
                                action: "skipped" | "ran_once" | "caught_up";
                                /** Format: date-time */
                                firstSlotAt: string;
                                id: string;
                                /** Format: date-time */
                                lastSlotAt: string;
                                /**
                                 * @description The missed-run policy in force when they were settled
                                 * @enum {string}
                                 */
                                policy: "skip" | "run_once" | "catch_up";
                                /** @description The runs started for them (none when skipped) */
                                runIds: string[];
                                scheduleName: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description How many slots nobody ran in time */
                                slots: number;
                                /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                summary: string;
                            } | null;
                            lastRun: {
                                /** Format: date-time */
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                status: string;
                            } | null;
                            /**
                             * @description Slots nobody ran in time: skip them, run once, or catch up
                             * @enum {string}
                             */
                            missedPolicy: "skip" | "run_once" | "catch_up";
                            name: string;
                            /**
                             * Format: date-time
                             * @description Null while disabled; while paused, the first slot after the pause
                             */
                            nextRunAt: string | null;
                            /**
                             * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                             * @enum {string}
                             */
                            overlapPolicy: "skip" | "queue" | "cancel";
                            /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                            override: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** @description The fields that differ from `declared` (the drift) */
                                fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                            } | null;
                            /** @description While paused: no slot up to `until` runs or counts as missed */
                            pause: {
                                /** Format: date-time */
                                at: string;
                                by: string;
                                /** Format: date-time */
                                until: string;
                            } | null;
                            payload: {
                                [key: string]: unknown;
                            };
                            /**
                             * @description The schedule's priority, or its job type's default
                             * @enum {string}
                             */
                            priority: "HIGH" | "MEDIUM" | "LOW";
                            /**
                             * @description Set on the schedule; null when the default applies
                             * @enum {string|null}
                             */
                            priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                            /**
                             * Format: date-time
                             * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                             */
                            queuedSlotAt: string | null;
                            /** @description Copied onto every job it creates */
                            tags: string[];
                            timezone: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                            when: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{name}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a schedule now
         * @description Starts one run with the schedule's job type, payload and priority, outside its timetable.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            jobId: string;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "pending" | "running" | "completed" | "failed" | "cancelled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/defaults/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bring back declared schedules that were removed
         * @description Creates the named schedules job types declare (all of them when no names are given) that do not exist, as their code declares them; schedules that exist are left as they are.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Declared schedules to bring back; all when absent */
                        names?: ("crawl-pending" | "weekly-digest" | "submission-notifications" | "moderation-updates" | "cleanup-old-data" | "update-metrics" | "recalculate-trending")[];
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            restored: {
                                /** @description catch_up: at most this many missed slots run… */
                                catchUpMax: number | null;
                                /** @description …of those within this long before now */
                                catchUpWindowMs: number | null;
                                cron: string | null;
                                /** @description What the job type's code declares of this schedule; null for a schedule an admin made */
                                declared: {
                                    catchUpMax: number | null;
                                    catchUpWindowMs: number | null;
                                    cron: string | null;
                                    description: string | null;
                                    everyMs: number | null;
                                    /** @enum {string} */
                                    missedPolicy: "skip" | "run_once" | "catch_up";
                                    /** @enum {string} */
                                    overlapPolicy: "skip" | "queue" | "cancel";
                                    payload: {
                                        [key: string]: unknown;
                                    };
                                    /** @enum {string|null} */
                                    priority: "HIGH" | "MEDIUM" | "LOW" | null;
                                    timezone: string;
                                } | null;
                                /** @description What the schedule is for, in its author’s words */
                                description: string | null;
                                enabled: boolean;
                                everyMs: number | null;
                                /** @description How late a slot’s run may start before the slot counts as missed (in effect) */
                                graceMs: number;
                                /** @description Set on the schedule; null: half the period, within 1 s and 10 min */
                                graceMsOverride: number | null;
                                jobType: string;
                                /** @description The newest settling of missed slots */
                                lastMiss: {
                                    /** @enum {string} */
                                    action: "skipped" | "ran_once" | "caught_up";
                                    /** Format: date-time */
                                    firstSlotAt: string;
                                    id: string;
                                    /** Format: date-time */
                                    lastSlotAt: string;
                                    /**
                                     * @description The missed-run policy in force when they were settled
                                     * @enum {string}
                                     */
                                    policy: "skip" | "run_once" | "catch_up";
                                    /** @description The runs started for them (none when skipped) */
                                    runIds: string[];
                                    scheduleName: string;
                                    /** Format: date-time */
                                    settledAt: string;
                                    /** @description How many slots nobody ran in time */
                                    slots: number;
                                    /** @description In words, times in the schedule's zone: "missed 02:00–05:00 (3 slots): ran once at 05:02" */
                                    summary: string;
                                } | null;
                                lastRun: {
                                    /** Format: date-time */
                                    completedAt: string | null;
                                    /** Format: date-time */
                                    createdAt: string;
                                    /** Format: uuid */
                                    id: string;
                                    status: string;
                                } | null;
                                /**
                                 * @description Slots nobody ran in time: skip them, run once, or catch up
                                 * @enum {string}
                                 */
                                missedPolicy: "skip" | "run_once" | "catch_up";
                                name: string;
                                /**
                                 * Format: date-time
                                 * @description Null while disabled; while paused, the first slot after the pause
                                 */
                                nextRunAt: string | null;
                                /**
                                 * @description A slot while the previous run still goes: skip it, queue one run after it, or cancel it
                                 * @enum {string}
                                 */
                                overlapPolicy: "skip" | "queue" | "cancel";
                                /** @description An admin's change of a declared field: kept across deploys until reset to the code's */
                                override: {
                                    /** Format: date-time */
                                    at: string;
                                    by: string;
                                    /** @description The fields that differ from `declared` (the drift) */
                                    fields: ("cron" | "everyMs" | "timezone" | "payload" | "priority" | "description" | "missedPolicy" | "catchUpMax" | "catchUpWindowMs" | "overlapPolicy")[];
                                } | null;
                                /** @description While paused: no slot up to `until` runs or counts as missed */
                                pause: {
                                    /** Format: date-time */
                                    at: string;
                                    by: string;
                                    /** Format: date-time */
                                    until: string;
                                } | null;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * @description The schedule's priority, or its job type's default
                                 * @enum {string}
                                 */
                                priority: "HIGH" | "MEDIUM" | "LOW";
                                /**
                                 * @description Set on the schedule; null when the default applies
                                 * @enum {string|null}
                                 */
                                priorityOverride: "HIGH" | "MEDIUM" | "LOW" | null;
                                /**
                                 * Format: date-time
                                 * @description Overlap queue or cancel: the slot whose run starts when the running one ends
                                 */
                                queuedSlotAt: string | null;
                                /** @description Copied onto every job it creates */
                                tags: string[];
                                timezone: string;
                                /** Format: date-time */
                                updatedAt: string;
                                updatedBy: string;
                                /** @description The timing in words, from the cron or interval itself: "At 09:00, only on Monday (UTC)" */
                                when: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            credential: "header" | "cookie";
                            principal: {
                                /** @description May trigger, cancel, retry and change schedules */
                                canWrite: boolean;
                                clerkUserId: string | null;
                                /** @enum {string} */
                                kind: "service" | "user";
                                /** @description service, admin, super_admin, moderator, user or null */
                                role: string | null;
                                userId: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Sign in with the service key
         * @description Exchanges the service key for a session cookie (HttpOnly, SameSite=Strict, Secure over https) that lasts an hour unused and is renewed while it is used, up to SESSION_ABSOLUTE_LIFETIME_MS (12 h) after sign-in. Sign-out, "sign out everywhere" and a new service key end it. The key itself is never stored or logged.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        serviceKey: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt: string;
                            principal: {
                                /** @description May trigger, cancel, retry and change schedules */
                                canWrite: boolean;
                                clerkUserId: string | null;
                                /** @enum {string} */
                                kind: "service" | "user";
                                /** @description service, admin, super_admin, moderator, user or null */
                                role: string | null;
                                userId: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /**
         * Sign out
         * @description Ends the dashboard session the cookie names (on every replica, at once) and clears the cookie. A Clerk session is ended with Clerk.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How to sign in: with Clerk when it is configured, and with the service key */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clerkPublishableKey: string | null;
                            serviceKeySignIn: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sign out everywhere
         * @description Ends every dashboard session signed in with the service key, this one included (Clerk sessions are ended with Clerk). For a suspected stolen cookie; rotating the service key does the same.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Live sessions ended */
                            revoked: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How each job type has been doing over the last N days, and its queue now */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description When these figures were computed (they are shared for a few seconds) */
                            computedAt: string;
                            days: number;
                            since: string;
                            types: components["schemas"]["TypeStats"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Worker processes seen in the last hour
         * @description From their heartbeats (every WORKER_HEARTBEAT_MS): queues and concurrency, busy slots, jobs done since start, memory, draining. One not stopped and not seen within WORKER_LIVE_WITHIN_MS is stale.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The server's clock, to show heartbeats as relative times */
                            now: string;
                            staleAfterMs: number;
                            workers: {
                                /** @description Jobs running now */
                                busy: number;
                                /** @description Jobs it runs at once across its queues */
                                capacity: number;
                                /** @description It takes no new jobs (it said so in its heartbeat) */
                                draining: boolean;
                                drainingSince: string | null;
                                /** @description When an admin asked it to drain (null: not asked, or resumed) */
                                drainRequestedAt: string | null;
                                heapUsedBytes: number | null;
                                host: string;
                                /** @description Jobs completed since it started */
                                jobsCompleted: number;
                                /** @description Jobs failed for good since it started (retried attempts not counted) */
                                jobsFailed: number;
                                pid: number;
                                queues: {
                                    concurrency: number | null;
                                    name: string;
                                }[];
                                rssBytes: number | null;
                                /** @description Its last heartbeat (Postgres clock) */
                                seenAt: string;
                                stale: boolean;
                                startedAt: string;
                                /**
                                 * @description stopped: shut down cleanly; stale: no heartbeat within staleAfterMs; draining: takes no new jobs
                                 * @enum {string}
                                 */
                                state: "running" | "draining" | "stale" | "stopped";
                                /** @description Set by a clean shutdown */
                                stoppedAt: string | null;
                                /** @description Package version, with `+commit` when the build knew its commit */
                                version: string | null;
                                /** @description host:pid of the process (a restart is a new worker) */
                                workerId: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{workerId}/drain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drain a worker: it finishes its running jobs and takes no new ones
         * @description Sent to the worker through Redis and recorded on its heartbeat row; the answer says whether the worker acknowledged within a few seconds (it then shows draining). The process stays up, idle, until stopped or resumed; its queues are served by the other workers. 404 for an unknown worker, 409 for a stopped or stale one.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    workerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The worker answered within a few seconds. If not, it reads the request at its next heartbeat (recorded in Postgres) */
                            acknowledged: boolean;
                            worker: {
                                /** @description Jobs running now */
                                busy: number;
                                /** @description Jobs it runs at once across its queues */
                                capacity: number;
                                /** @description It takes no new jobs (it said so in its heartbeat) */
                                draining: boolean;
                                drainingSince: string | null;
                                /** @description When an admin asked it to drain (null: not asked, or resumed) */
                                drainRequestedAt: string | null;
                                heapUsedBytes: number | null;
                                host: string;
                                /** @description Jobs completed since it started */
                                jobsCompleted: number;
                                /** @description Jobs failed for good since it started (retried attempts not counted) */
                                jobsFailed: number;
                                pid: number;
                                queues: {
                                    concurrency: number | null;
                                    name: string;
                                }[];
                                rssBytes: number | null;
                                /** @description Its last heartbeat (Postgres clock) */
                                seenAt: string;
                                stale: boolean;
                                startedAt: string;
                                /**
                                 * @description stopped: shut down cleanly; stale: no heartbeat within staleAfterMs; draining: takes no new jobs
                                 * @enum {string}
                                 */
                                state: "running" | "draining" | "stale" | "stopped";
                                /** @description Set by a clean shutdown */
                                stoppedAt: string | null;
                                /** @description Package version, with `+commit` when the build knew its commit */
                                version: string | null;
                                /** @description host:pid of the process (a restart is a new worker) */
                                workerId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{workerId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a drain: the worker takes jobs again
         * @description 409 when it is not draining, stopped or stale.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any 1 to 255 printable ASCII characters, one per intent (a click, whatever its retries): a repeat within 24 hours gets the first answer again (with `Idempotent-Replayed: true`) and does nothing; the same key with another request is refused (422). */
                    "idempotency-key"?: string;
                };
                path: {
                    workerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The worker answered within a few seconds. If not, it reads the request at its next heartbeat (recorded in Postgres) */
                            acknowledged: boolean;
                            worker: {
                                /** @description Jobs running now */
                                busy: number;
                                /** @description Jobs it runs at once across its queues */
                                capacity: number;
                                /** @description It takes no new jobs (it said so in its heartbeat) */
                                draining: boolean;
                                drainingSince: string | null;
                                /** @description When an admin asked it to drain (null: not asked, or resumed) */
                                drainRequestedAt: string | null;
                                heapUsedBytes: number | null;
                                host: string;
                                /** @description Jobs completed since it started */
                                jobsCompleted: number;
                                /** @description Jobs failed for good since it started (retried attempts not counted) */
                                jobsFailed: number;
                                pid: number;
                                queues: {
                                    concurrency: number | null;
                                    name: string;
                                }[];
                                rssBytes: number | null;
                                /** @description Its last heartbeat (Postgres clock) */
                                seenAt: string;
                                stale: boolean;
                                startedAt: string;
                                /**
                                 * @description stopped: shut down cleanly; stale: no heartbeat within staleAfterMs; draining: takes no new jobs
                                 * @enum {string}
                                 */
                                state: "running" | "draining" | "stale" | "stopped";
                                /** @description Set by a clean shutdown */
                                stoppedAt: string | null;
                                /** @description Package version, with `+commit` when the build knew its commit */
                                version: string | null;
                                /** @description host:pid of the process (a restart is a new worker) */
                                workerId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: string;
                            message: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            service: "scheduler-service";
                            /** @enum {string} */
                            status: "healthy";
                            timestamp: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: 200 only when Postgres and Redis answer
         * @description Each dependency is ok or unavailable; what went wrong is in the log, not here.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: "ok" | "unavailable";
                            };
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: "ok" | "unavailable";
                            };
                            error: string;
                            message: string;
                            /** @enum {string} */
                            status: "unready";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Alert: {
            /** @description Per kind: what the rule saw (job ids, times, counts) */
            details: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "final_failure" | "missed_slot" | "long_run" | "no_success" | "backlog_age" | "no_worker";
            notifications: {
                attempts: number;
                /** Format: uuid */
                channelId: string;
                channelName: string;
                /** Format: date-time */
                deliveredAt: string | null;
                /**
                 * Format: date-time
                 * @description When its tries ran out (ALERT_DELIVERY_ATTEMPTS): it is not sent again
                 */
                gaveUpAt: string | null;
                lastError: string | null;
                /** @enum {string} */
                transition: "opened" | "resolved";
            }[];
            /** Format: date-time */
            openedAt: string;
            /** @description Why it resolved, in words */
            resolution: string | null;
            /** Format: date-time */
            resolvedAt: string | null;
            /** Format: uuid */
            ruleId: string;
            /** @description The rule that fired (two rules may watch one subject) */
            ruleName: string;
            silencedBy: string | null;
            /**
             * Format: date-time
             * @description No notification until then (the alert still opens and resolves)
             */
            silencedUntil: string | null;
            /** @enum {string} */
            state: "open" | "resolved";
            subject: {
                /** @enum {string} */
                kind: "job_type" | "schedule" | "queue";
                name: string;
            };
            summary: string;
        };
        AlertChannel: {
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            /** Format: uuid */
            id: string;
            /** @description Rules without channels of their own notify every default channel */
            isDefault: boolean;
            /** @enum {string} */
            kind: "webhook" | "email";
            name: string;
            /** @description Whether deliveries are signed (the secret itself is shown once, at creation) */
            secretSet: boolean;
            /** @description The setting that defines this channel (ALERT_WEBHOOK_URL, ALERT_EMAIL): change it there */
            setting: string | null;
            url: string | null;
        };
        AlertChannelInput: {
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            /** Format: uuid */
            id: string;
            /** @description Rules without channels of their own notify every default channel */
            isDefault: boolean;
            /** @enum {string} */
            kind: "webhook" | "email";
            name: string;
            /** @description Whether deliveries are signed (the secret itself is shown once, at creation) */
            secretSet: boolean;
            /** @description The setting that defines this channel (ALERT_WEBHOOK_URL, ALERT_EMAIL): change it there */
            setting: string | null;
            url: string | null;
        };
        AlertInDelivery: {
            /** @description Per kind, e.g. final_failure's { jobId, failedAt, error, failures } */
            details: {
                [key: string]: unknown;
            };
            /** @description The alert (for alert.test: the delivery id) */
            id: string;
            /** @description final_failure, missed_slot, long_run, no_success, backlog_age, no_worker (test for alert.test) */
            kind: string;
            /** Format: date-time */
            openedAt: string;
            /** @description Why it resolved, in words */
            resolution: string | null;
            /** Format: date-time */
            resolvedAt: string | null;
            /** @description Null for alert.test */
            ruleId: string | null;
            ruleName: string;
            /** @enum {string} */
            state: "open" | "resolved";
            subject: {
                /** @enum {string} */
                kind: "job_type" | "schedule" | "queue";
                name: string;
            };
            summary: string;
            /**
             * Format: uri
             * @description The alert on the dashboard
             */
            url: string;
        };
        AlertInDeliveryInput: {
            /** @description Per kind, e.g. final_failure's { jobId, failedAt, error, failures } */
            details: {
                [key: string]: unknown;
            };
            /** @description The alert (for alert.test: the delivery id) */
            id: string;
            /** @description final_failure, missed_slot, long_run, no_success, backlog_age, no_worker (test for alert.test) */
            kind: string;
            /** Format: date-time */
            openedAt: string;
            /** @description Why it resolved, in words */
            resolution: string | null;
            /** Format: date-time */
            resolvedAt: string | null;
            /** @description Null for alert.test */
            ruleId: string | null;
            ruleName: string;
            /** @enum {string} */
            state: "open" | "resolved";
            subject: {
                /** @enum {string} */
                kind: "job_type" | "schedule" | "queue";
                name: string;
            };
            summary: string;
            /**
             * Format: uri
             * @description The alert on the dashboard
             */
            url: string;
        };
        AlertInput: {
            /** @description Per kind: what the rule saw (job ids, times, counts) */
            details: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "final_failure" | "missed_slot" | "long_run" | "no_success" | "backlog_age" | "no_worker";
            notifications: {
                attempts: number;
                /** Format: uuid */
                channelId: string;
                channelName: string;
                /** Format: date-time */
                deliveredAt: string | null;
                /**
                 * Format: date-time
                 * @description When its tries ran out (ALERT_DELIVERY_ATTEMPTS): it is not sent again
                 */
                gaveUpAt: string | null;
                lastError: string | null;
                /** @enum {string} */
                transition: "opened" | "resolved";
            }[];
            /** Format: date-time */
            openedAt: string;
            /** @description Why it resolved, in words */
            resolution: string | null;
            /** Format: date-time */
            resolvedAt: string | null;
            /** Format: uuid */
            ruleId: string;
            /** @description The rule that fired (two rules may watch one subject) */
            ruleName: string;
            silencedBy: string | null;
            /**
             * Format: date-time
             * @description No notification until then (the alert still opens and resolves)
             */
            silencedUntil: string | null;
            /** @enum {string} */
            state: "open" | "resolved";
            subject: {
                /** @enum {string} */
                kind: "job_type" | "schedule" | "queue";
                name: string;
            };
            summary: string;
        };
        AlertRule: {
            /** @description A built-in rule: edit or disable it; it cannot be deleted */
            builtIn: boolean;
            /** @description Null: the default channels */
            channelIds: string[] | null;
            enabled: boolean;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "final_failure" | "missed_slot" | "long_run" | "no_success" | "backlog_age" | "no_worker";
            name: string;
            /** @description Per kind, with its defaults filled in */
            params: {
                [key: string]: unknown;
            };
            subject: {
                /** @enum {string} */
                kind: "job_type" | "schedule" | "queue" | "any";
                name: string | null;
            };
            /** Format: date-time */
            updatedAt: string;
            updatedBy: string;
        };
        AlertRuleInput: {
            /** @description A built-in rule: edit or disable it; it cannot be deleted */
            builtIn: boolean;
            /** @description Null: the default channels */
            channelIds: string[] | null;
            enabled: boolean;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "final_failure" | "missed_slot" | "long_run" | "no_success" | "backlog_age" | "no_worker";
            name: string;
            /** @description Per kind, with its defaults filled in */
            params: {
                [key: string]: unknown;
            };
            subject: {
                /** @enum {string} */
                kind: "job_type" | "schedule" | "queue" | "any";
                name: string | null;
            };
            /** Format: date-time */
            updatedAt: string;
            updatedBy: string;
        };
        AlertWebhookDelivery: {
            alert: components["schemas"]["AlertInDelivery"];
            /** Format: uuid */
            deliveryId: string;
            /**
             * Format: date-time
             * @description When this try was sent
             */
            sentAt: string;
            /** @enum {string} */
            type: "alert.opened" | "alert.resolved" | "alert.test";
        };
        AlertWebhookDeliveryInput: {
            alert: components["schemas"]["AlertInDeliveryInput"];
            /** Format: uuid */
            deliveryId: string;
            /**
             * Format: date-time
             * @description When this try was sent
             */
            sentAt: string;
            /** @enum {string} */
            type: "alert.opened" | "alert.resolved" | "alert.test";
        };
        ArchivedJob: {
            /** @description When cleanup_old_data moved it to the archive */
            archivedAt: string;
            /** @description Attempts started so far (every one is in the job's attemptHistory) */
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description The payload asks for a dry run (payload.dryRun is true) */
            dryRun: boolean;
            error: string | null;
            /** Format: uuid */
            id: string;
            jobType: string;
            maxAttempts: number;
            payload: {
                [key: string]: unknown;
            };
            priority: components["schemas"]["Priority"];
            result: {
                /** @description True when the job was stopped on request: the counts say what it did before (success is false) */
                cancelled?: boolean;
                details?: {
                    [key: string]: unknown;
                };
                errors?: string[];
                itemsProcessed?: number;
                success: boolean;
            } | null;
            /** Format: uuid */
            retryOf: string | null;
            scheduleName: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @description users.id of the admin, 'service' or 'scheduler' */
            startedBy: string | null;
            startedByClerkId: string | null;
            status: components["schemas"]["JobStatus"];
            /** @description Labels given by its trigger or its schedule */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        ArchivedJobInput: {
            /** @description When cleanup_old_data moved it to the archive */
            archivedAt: string;
            /** @description Attempts started so far (every one is in the job's attemptHistory) */
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description The payload asks for a dry run (payload.dryRun is true) */
            dryRun: boolean;
            error: string | null;
            /** Format: uuid */
            id: string;
            jobType: string;
            maxAttempts: number;
            payload: {
                [key: string]: unknown;
            };
            priority: components["schemas"]["PriorityInput"];
            result: {
                /** @description True when the job was stopped on request: the counts say what it did before (success is false) */
                cancelled?: boolean;
                details?: {
                    [key: string]: unknown;
                };
                errors?: string[];
                itemsProcessed?: number;
                success: boolean;
            } | null;
            /** Format: uuid */
            retryOf: string | null;
            scheduleName: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @description users.id of the admin, 'service' or 'scheduler' */
            startedBy: string | null;
            startedByClerkId: string | null;
            status: components["schemas"]["JobStatusInput"];
            /** @description Labels given by its trigger or its schedule */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        /** @enum {string} */
        DisplayState: "queued" | "waiting_to_retry" | "paused" | "running" | "stopping" | "completed" | "failed" | "cancelled";
        /** @enum {string} */
        DisplayStateInput: "queued" | "waiting_to_retry" | "paused" | "running" | "stopping" | "completed" | "failed" | "cancelled";
        HistorySparklines: {
            /**
             * Format: date-time
             * @description Where the first period starts
             */
            from: string;
            /** @description 3600 (an hour) or 86400 (a day) */
            periodSeconds: number;
            /** @enum {string} */
            range: "24h" | "30d";
            types: {
                /** @description Of which failed */
                failed: number[];
                /** @description Jobs that reached an end, per period, oldest first */
                finished: number[];
                jobType: string;
            }[];
        };
        HistorySparklinesInput: {
            /**
             * Format: date-time
             * @description Where the first period starts
             */
            from: string;
            /** @description 3600 (an hour) or 86400 (a day) */
            periodSeconds: number;
            /** @enum {string} */
            range: "24h" | "30d";
            types: {
                /** @description Of which failed */
                failed: number[];
                /** @description Jobs that reached an end, per period, oldest first */
                finished: number[];
                jobType: string;
            }[];
        };
        /** @enum {string} */
        JobAction: "cancel" | "retry" | "edit_and_retry";
        /** @enum {string} */
        JobActionInput: "cancel" | "retry" | "edit_and_retry";
        /** @description What the job is now, as the server decides it */
        JobDisplay: {
            /** @description waiting_to_retry only: the attempt that failed */
            failedAttempt: number | null;
            /** @description While the job type's queue is paused: since when, by whom, until when (null: until resumed) */
            queuePause: components["schemas"]["QueuePause"] | null;
            /** @description The job type's queue is paused now (a queued job then shows as paused) */
            queuePaused: boolean;
            /**
             * Format: date-time
             * @description waiting_to_retry only: when the next attempt may start
             */
            retryAt: string | null;
            state: components["schemas"]["DisplayState"];
        };
        /** @description What the job is now, as the server decides it */
        JobDisplayInput: {
            /** @description waiting_to_retry only: the attempt that failed */
            failedAttempt: number | null;
            /** @description While the job type's queue is paused: since when, by whom, until when (null: until resumed) */
            queuePause: components["schemas"]["QueuePauseInput"] | null;
            /** @description The job type's queue is paused now (a queued job then shows as paused) */
            queuePaused: boolean;
            /**
             * Format: date-time
             * @description waiting_to_retry only: when the next attempt may start
             */
            retryAt: string | null;
            state: components["schemas"]["DisplayStateInput"];
        };
        /** @description Fields of the kind besides: progress for `progress`, the line for `log`, attempt and error for the rest */
        JobEventData: {
            /** Format: date-time */
            at: string;
            /** @description Every kind but log: the job as read at or after the event (null if it is no longer kept) */
            job?: components["schemas"]["JobSummary"] | null;
            /** Format: uuid */
            jobId: string;
            jobType: string;
        } & {
            [key: string]: unknown;
        };
        /** @description Fields of the kind besides: progress for `progress`, the line for `log`, attempt and error for the rest */
        JobEventDataInput: {
            /** Format: date-time */
            at: string;
            /** @description Every kind but log: the job as read at or after the event (null if it is no longer kept) */
            job?: components["schemas"]["JobSummaryInput"] | null;
            /** Format: uuid */
            jobId: string;
            jobType: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * @description What happened to a job: its lifecycle, and `log` for a line its handler logged
         * @enum {string}
         */
        JobEventKind: "created" | "started" | "progress" | "log" | "cancel_requested" | "retried" | "completed" | "failed" | "cancelled";
        /**
         * @description What happened to a job: its lifecycle, and `log` for a line its handler logged
         * @enum {string}
         */
        JobEventKindInput: "created" | "started" | "progress" | "log" | "cancel_requested" | "retried" | "completed" | "failed" | "cancelled";
        /** @enum {string} */
        JobStatus: "pending" | "running" | "completed" | "failed" | "cancelled";
        /** @enum {string} */
        JobStatusInput: "pending" | "running" | "completed" | "failed" | "cancelled";
        JobSummary: {
            /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
            actions: components["schemas"]["JobAction"][];
            /** @description Attempts started so far (every one is in the job's attemptHistory) */
            attempts: number;
            /**
             * Format: date-time
             * @description When someone asked this running job to stop
             */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            display: components["schemas"]["JobDisplay"];
            /** @description The payload asks for a dry run (payload.dryRun is true) */
            dryRun: boolean;
            error: string | null;
            /** Format: uuid */
            id: string;
            jobType: string;
            maxAttempts: number;
            priority: components["schemas"]["Priority"];
            progress: {
                done?: number;
                message?: string;
                percent: number;
                total?: number;
            } | null;
            /** Format: uuid */
            retryOf: string | null;
            scheduleName: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @description users.id of the admin, 'service' or 'scheduler' */
            startedBy: string | null;
            startedByClerkId: string | null;
            status: components["schemas"]["JobStatus"];
            /** @description Labels given by its trigger or its schedule */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        JobSummaryInput: {
            /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
            actions: components["schemas"]["JobActionInput"][];
            /** @description Attempts started so far (every one is in the job's attemptHistory) */
            attempts: number;
            /**
             * Format: date-time
             * @description When someone asked this running job to stop
             */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            display: components["schemas"]["JobDisplayInput"];
            /** @description The payload asks for a dry run (payload.dryRun is true) */
            dryRun: boolean;
            error: string | null;
            /** Format: uuid */
            id: string;
            jobType: string;
            maxAttempts: number;
            priority: components["schemas"]["PriorityInput"];
            progress: {
                done?: number;
                message?: string;
                percent: number;
                total?: number;
            } | null;
            /** Format: uuid */
            retryOf: string | null;
            scheduleName: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @description users.id of the admin, 'service' or 'scheduler' */
            startedBy: string | null;
            startedByClerkId: string | null;
            status: components["schemas"]["JobStatusInput"];
            /** @description Labels given by its trigger or its schedule */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        JobTypeHistory: {
            /**
             * Format: date-time
             * @description Where the first period starts
             */
            from: string;
            jobType: string;
            /** @description 60 (a minute) or 3600 (an hour) */
            periodSeconds: number;
            /** @description Periods in which a job finished, oldest first; the others had none */
            points: {
                /**
                 * Format: date-time
                 * @description Where the period starts
                 */
                at: string;
                cancelled: number;
                completed: number;
                /** @description Failed for good (an attempt retried is not an end) */
                failed: number;
                /** @description Jobs that reached an end: completed + failed + cancelled */
                finished: number;
                /** @description Median run time of the completed runs (dry runs left out), ms, within 9%; null without any */
                p50Ms: number | null;
                /** @description 95th percentile of the same, ms, within 9% */
                p95Ms: number | null;
            }[];
            /** @enum {string} */
            range: "24h" | "30d";
            /**
             * Format: date-time
             * @description Where the last period (the current one) ends
             */
            to: string;
            /** @description The whole range */
            totals: {
                cancelled: number;
                completed: number;
                /** @description Failed for good (an attempt retried is not an end) */
                failed: number;
                /** @description Jobs that reached an end: completed + failed + cancelled */
                finished: number;
                /** @description Median run time of the completed runs (dry runs left out), ms, within 9%; null without any */
                p50Ms: number | null;
                /** @description 95th percentile of the same, ms, within 9% */
                p95Ms: number | null;
            };
        };
        JobTypeHistoryInput: {
            /**
             * Format: date-time
             * @description Where the first period starts
             */
            from: string;
            jobType: string;
            /** @description 60 (a minute) or 3600 (an hour) */
            periodSeconds: number;
            /** @description Periods in which a job finished, oldest first; the others had none */
            points: {
                /**
                 * Format: date-time
                 * @description Where the period starts
                 */
                at: string;
                cancelled: number;
                completed: number;
                /** @description Failed for good (an attempt retried is not an end) */
                failed: number;
                /** @description Jobs that reached an end: completed + failed + cancelled */
                finished: number;
                /** @description Median run time of the completed runs (dry runs left out), ms, within 9%; null without any */
                p50Ms: number | null;
                /** @description 95th percentile of the same, ms, within 9% */
                p95Ms: number | null;
            }[];
            /** @enum {string} */
            range: "24h" | "30d";
            /**
             * Format: date-time
             * @description Where the last period (the current one) ends
             */
            to: string;
            /** @description The whole range */
            totals: {
                cancelled: number;
                completed: number;
                /** @description Failed for good (an attempt retried is not an end) */
                failed: number;
                /** @description Jobs that reached an end: completed + failed + cancelled */
                finished: number;
                /** @description Median run time of the completed runs (dry runs left out), ms, within 9%; null without any */
                p50Ms: number | null;
                /** @description 95th percentile of the same, ms, within 9% */
                p95Ms: number | null;
            };
        };
        JobTypeRetention: {
            /** @description Completed and cancelled jobs stay this many days, then go to the archive */
            days: number;
            /** @description What applies without the override */
            declared: {
                days: number;
                failedDays: number;
                /** @enum {string} */
                source: "type" | "default";
            };
            /** @description Failed jobs stay this many days */
            failedDays: number;
            /** @description Who set the admin's override and when */
            override: {
                updatedAt: string;
                updatedBy: string | null;
            } | null;
            /**
             * @description An admin's override, the type's code, or the default
             * @enum {string}
             */
            source: "admin" | "type" | "default";
        };
        JobTypeRetentionInput: {
            /** @description Completed and cancelled jobs stay this many days, then go to the archive */
            days: number;
            /** @description What applies without the override */
            declared: {
                days: number;
                failedDays: number;
                /** @enum {string} */
                source: "type" | "default";
            };
            /** @description Failed jobs stay this many days */
            failedDays: number;
            /** @description Who set the admin's override and when */
            override: {
                updatedAt: string;
                updatedBy: string | null;
            } | null;
            /**
             * @description An admin's override, the type's code, or the default
             * @enum {string}
             */
            source: "admin" | "type" | "default";
        };
        JobView: {
            /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
            actions: components["schemas"]["JobAction"][];
            /** @description Attempts started so far (every one is in the job's attemptHistory) */
            attempts: number;
            /**
             * Format: date-time
             * @description When someone asked this running job to stop
             */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            display: components["schemas"]["JobDisplay"];
            /** @description The payload asks for a dry run (payload.dryRun is true) */
            dryRun: boolean;
            error: string | null;
            /** Format: uuid */
            id: string;
            jobType: string;
            maxAttempts: number;
            payload: {
                [key: string]: unknown;
            };
            priority: components["schemas"]["Priority"];
            progress: {
                done?: number;
                message?: string;
                percent: number;
                total?: number;
            } | null;
            result: {
                /** @description True when the job was stopped on request: the counts say what it did before (success is false) */
                cancelled?: boolean;
                details?: {
                    [key: string]: unknown;
                };
                errors?: string[];
                itemsProcessed?: number;
                success: boolean;
            } | null;
            /** Format: uuid */
            retryOf: string | null;
            scheduleName: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @description users.id of the admin, 'service' or 'scheduler' */
            startedBy: string | null;
            startedByClerkId: string | null;
            status: components["schemas"]["JobStatus"];
            /** @description Labels given by its trigger or its schedule */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        JobViewInput: {
            /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
            actions: components["schemas"]["JobActionInput"][];
            /** @description Attempts started so far (every one is in the job's attemptHistory) */
            attempts: number;
            /**
             * Format: date-time
             * @description When someone asked this running job to stop
             */
            cancelRequestedAt: string | null;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            display: components["schemas"]["JobDisplayInput"];
            /** @description The payload asks for a dry run (payload.dryRun is true) */
            dryRun: boolean;
            error: string | null;
            /** Format: uuid */
            id: string;
            jobType: string;
            maxAttempts: number;
            payload: {
                [key: string]: unknown;
            };
            priority: components["schemas"]["PriorityInput"];
            progress: {
                done?: number;
                message?: string;
                percent: number;
                total?: number;
            } | null;
            result: {
                /** @description True when the job was stopped on request: the counts say what it did before (success is false) */
                cancelled?: boolean;
                details?: {
                    [key: string]: unknown;
                };
                errors?: string[];
                itemsProcessed?: number;
                success: boolean;
            } | null;
            /** Format: uuid */
            retryOf: string | null;
            scheduleName: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @description users.id of the admin, 'service' or 'scheduler' */
            startedBy: string | null;
            startedByClerkId: string | null;
            status: components["schemas"]["JobStatusInput"];
            /** @description Labels given by its trigger or its schedule */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
        };
        Overview: {
            /** Format: date-time */
            computedAt: string;
            /** @description The 6 enabled schedules that fire soonest (paused ones are not next: see pausedSchedules) */
            nextRuns: {
                jobType: string;
                name: string;
                /** Format: date-time */
                nextRunAt: string;
                /** @description The timing in words */
                when: string;
            }[];
            /** @description Job types whose queue is paused now */
            pausedQueues: string[];
            /** @description Enabled schedules paused until a time that has not come, the soonest to resume first */
            pausedSchedules: {
                /** @description Who paused it */
                by: string | null;
                jobType: string;
                name: string;
                /** @description The schedule's zone, to show the time as it does */
                timezone: string;
                /**
                 * Format: date-time
                 * @description When it resumes by itself
                 */
                until: string;
            }[];
            /** @description The newest 5 failed jobs */
            recentFailures: components["schemas"]["JobSummary"][];
            /** @description Up to 10 running jobs, the newest started first, each with its estimate */
            running: {
                /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
                actions: components["schemas"]["JobAction"][];
                /** @description Attempts started so far (every one is in the job's attemptHistory) */
                attempts: number;
                /**
                 * Format: date-time
                 * @description When someone asked this running job to stop
                 */
                cancelRequestedAt: string | null;
                /** Format: date-time */
                completedAt: string | null;
                /** Format: date-time */
                createdAt: string;
                display: components["schemas"]["JobDisplay"];
                /** @description The payload asks for a dry run (payload.dryRun is true) */
                dryRun: boolean;
                error: string | null;
                eta: {
                    /** @enum {string} */
                    basis: "no history" | "history" | "progress" | "progress and history";
                    /** Format: date-time */
                    expectedCompletionAt: string | null;
                    /** Format: date-time */
                    high: string | null;
                    /** Format: date-time */
                    low: string | null;
                    /** @description The job said it has this many items, and past runs were scaled to that size; null when they were not */
                    scaledToItems: number | null;
                } | null;
                /** Format: uuid */
                id: string;
                jobType: string;
                maxAttempts: number;
                priority: components["schemas"]["Priority"];
                progress: {
                    done?: number;
                    message?: string;
                    percent: number;
                    total?: number;
                } | null;
                /** Format: uuid */
                retryOf: string | null;
                scheduleName: string | null;
                /** Format: date-time */
                startedAt: string | null;
                /** @description users.id of the admin, 'service' or 'scheduler' */
                startedBy: string | null;
                startedByClerkId: string | null;
                status: components["schemas"]["JobStatus"];
                /** @description Labels given by its trigger or its schedule */
                tags: string[];
                /** Format: date-time */
                updatedAt: string;
            }[];
            runningTotal: number;
            /** @description As GET /api/stats answers for `days` */
            types: components["schemas"]["TypeStats"][];
            /** @description Up to 10 jobs waiting for something else than a worker: to retry (soonest first), then in paused queues */
            waiting: components["schemas"]["JobSummary"][];
            waitingTotal: number;
        };
        OverviewInput: {
            /** Format: date-time */
            computedAt: string;
            /** @description The 6 enabled schedules that fire soonest (paused ones are not next: see pausedSchedules) */
            nextRuns: {
                jobType: string;
                name: string;
                /** Format: date-time */
                nextRunAt: string;
                /** @description The timing in words */
                when: string;
            }[];
            /** @description Job types whose queue is paused now */
            pausedQueues: string[];
            /** @description Enabled schedules paused until a time that has not come, the soonest to resume first */
            pausedSchedules: {
                /** @description Who paused it */
                by: string | null;
                jobType: string;
                name: string;
                /** @description The schedule's zone, to show the time as it does */
                timezone: string;
                /**
                 * Format: date-time
                 * @description When it resumes by itself
                 */
                until: string;
            }[];
            /** @description The newest 5 failed jobs */
            recentFailures: components["schemas"]["JobSummaryInput"][];
            /** @description Up to 10 running jobs, the newest started first, each with its estimate */
            running: {
                /** @description What the caller may do to the job now (the lifecycle's transition table; none for read-only callers) */
                actions: components["schemas"]["JobActionInput"][];
                /** @description Attempts started so far (every one is in the job's attemptHistory) */
                attempts: number;
                /**
                 * Format: date-time
                 * @description When someone asked this running job to stop
                 */
                cancelRequestedAt: string | null;
                /** Format: date-time */
                completedAt: string | null;
                /** Format: date-time */
                createdAt: string;
                display: components["schemas"]["JobDisplayInput"];
                /** @description The payload asks for a dry run (payload.dryRun is true) */
                dryRun: boolean;
                error: string | null;
                eta: {
                    /** @enum {string} */
                    basis: "no history" | "history" | "progress" | "progress and history";
                    /** Format: date-time */
                    expectedCompletionAt: string | null;
                    /** Format: date-time */
                    high: string | null;
                    /** Format: date-time */
                    low: string | null;
                    /** @description The job said it has this many items, and past runs were scaled to that size; null when they were not */
                    scaledToItems: number | null;
                } | null;
                /** Format: uuid */
                id: string;
                jobType: string;
                maxAttempts: number;
                priority: components["schemas"]["PriorityInput"];
                progress: {
                    done?: number;
                    message?: string;
                    percent: number;
                    total?: number;
                } | null;
                /** Format: uuid */
                retryOf: string | null;
                scheduleName: string | null;
                /** Format: date-time */
                startedAt: string | null;
                /** @description users.id of the admin, 'service' or 'scheduler' */
                startedBy: string | null;
                startedByClerkId: string | null;
                status: components["schemas"]["JobStatusInput"];
                /** @description Labels given by its trigger or its schedule */
                tags: string[];
                /** Format: date-time */
                updatedAt: string;
            }[];
            runningTotal: number;
            /** @description As GET /api/stats answers for `days` */
            types: components["schemas"]["TypeStatsInput"][];
            /** @description Up to 10 jobs waiting for something else than a worker: to retry (soonest first), then in paused queues */
            waiting: components["schemas"]["JobSummaryInput"][];
            waitingTotal: number;
        };
        /** @enum {string} */
        Priority: "HIGH" | "MEDIUM" | "LOW";
        /** @enum {string} */
        PriorityInput: "HIGH" | "MEDIUM" | "LOW";
        QueueEventData: {
            /**
             * Format: date-time
             * @description When this API process heard of the change
             */
            at: string;
            jobType: string;
            kind: components["schemas"]["QueueEventKind"];
            /** @description The pause, while it holds (null on `queue-resumed`) */
            pause: components["schemas"]["QueuePause"] | null;
            paused: boolean;
        };
        QueueEventDataInput: {
            /**
             * Format: date-time
             * @description When this API process heard of the change
             */
            at: string;
            jobType: string;
            kind: components["schemas"]["QueueEventKindInput"];
            /** @description The pause, while it holds (null on `queue-resumed`) */
            pause: components["schemas"]["QueuePauseInput"] | null;
            paused: boolean;
        };
        /**
         * @description A job type's queue paused (or its pause changed) or resumed, by anyone, anywhere
         * @enum {string}
         */
        QueueEventKind: "queue-paused" | "queue-resumed";
        /**
         * @description A job type's queue paused (or its pause changed) or resumed, by anyone, anywhere
         * @enum {string}
         */
        QueueEventKindInput: "queue-paused" | "queue-resumed";
        QueueNow: {
            active: number;
            completed: number;
            delayed: number;
            failed: number;
            /** @description Paused (GET /api/queues says since when, by whom, until when): its queued jobs wait */
            paused: boolean;
            prioritized: number;
            waiting: number;
        };
        QueueNowInput: {
            active: number;
            completed: number;
            delayed: number;
            failed: number;
            /** @description Paused (GET /api/queues says since when, by whom, until when): its queued jobs wait */
            paused: boolean;
            prioritized: number;
            waiting: number;
        };
        /** @description A job type's queue paused: its waiting jobs do not start */
        QueuePause: {
            /** @description Who paused it: users.id, or 'service' */
            by: string;
            /** @description Their Clerk id, when a Clerk user paused it */
            byClerkId: string | null;
            reason: string | null;
            /**
             * Format: date-time
             * @description When the queue was paused
             */
            since: string;
            /**
             * Format: date-time
             * @description When it resumes by itself; null: when someone resumes it
             */
            until: string | null;
        };
        /** @description A job type's queue paused: its waiting jobs do not start */
        QueuePauseInput: {
            /** @description Who paused it: users.id, or 'service' */
            by: string;
            /** @description Their Clerk id, when a Clerk user paused it */
            byClerkId: string | null;
            reason: string | null;
            /**
             * Format: date-time
             * @description When the queue was paused
             */
            since: string;
            /**
             * Format: date-time
             * @description When it resumes by itself; null: when someone resumes it
             */
            until: string | null;
        };
        QueueState: {
            jobType: string;
            /** @description The pause, while it holds */
            pause: components["schemas"]["QueuePause"] | null;
            /** @description Its waiting jobs do not start until it is resumed */
            paused: boolean;
        };
        QueueStateInput: {
            jobType: string;
            /** @description The pause, while it holds */
            pause: components["schemas"]["QueuePauseInput"] | null;
            /** @description Its waiting jobs do not start until it is resumed */
            paused: boolean;
        };
        TypeStats: {
            counts: {
                cancelled: number;
                completed: number;
                failed: number;
                pending: number;
                running: number;
            };
            /** @description Seconds, completed runs that were not dry runs */
            duration: {
                avg: number;
                p50: number;
                p95: number;
            } | null;
            itemsProcessed: number;
            jobType: string;
            /** @description Jobs in the queue now, by state; null if Redis did not answer */
            queue: components["schemas"]["QueueNow"] | null;
            /** @description completed / (completed + failed) */
            successRate: number | null;
        };
        TypeStatsInput: {
            counts: {
                cancelled: number;
                completed: number;
                failed: number;
                pending: number;
                running: number;
            };
            /** @description Seconds, completed runs that were not dry runs */
            duration: {
                avg: number;
                p50: number;
                p95: number;
            } | null;
            itemsProcessed: number;
            jobType: string;
            /** @description Jobs in the queue now, by state; null if Redis did not answer */
            queue: components["schemas"]["QueueNowInput"] | null;
            /** @description completed / (completed + failed) */
            successRate: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;

export const displayStateValues = ["queued","waiting_to_retry","paused","running","stopping","completed","failed","cancelled"] as const satisfies ReadonlyArray<components['schemas']['DisplayState']>;
export const jobActionValues = ["cancel","retry","edit_and_retry"] as const satisfies ReadonlyArray<components['schemas']['JobAction']>;
export const jobEventKindValues = ["created","started","progress","log","cancel_requested","retried","completed","failed","cancelled"] as const satisfies ReadonlyArray<components['schemas']['JobEventKind']>;
export const jobStatusValues = ["pending","running","completed","failed","cancelled"] as const satisfies ReadonlyArray<components['schemas']['JobStatus']>;
export const priorityValues = ["HIGH","MEDIUM","LOW"] as const satisfies ReadonlyArray<components['schemas']['Priority']>;
export const queueEventKindValues = ["queue-paused","queue-resumed"] as const satisfies ReadonlyArray<components['schemas']['QueueEventKind']>;
