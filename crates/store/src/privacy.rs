//! Privacy requests the shop received (schema migration 5): Shopify's
//! mandatory `customers/data_request`, `customers/redact` and `shop/redact`
//! webhooks, recorded as they arrive for the privacy work to act on.

/// A privacy request to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrivacyRequest {
    /// Where it came from, e.g. `shopify`.
    pub source: String,
    /// The webhook topic, e.g. `customers/redact`.
    pub topic: String,
    /// The shop's domain (`X-Shopify-Shop-Domain`), if sent.
    pub shop_domain: Option<String>,
    /// The customer's email, if the request names one.
    pub customer_email: Option<String>,
    /// The customer's id on the platform, if the request names one.
    pub customer_id: Option<String>,
    /// The request body as received.
    pub payload: String,
    /// When it was received, in seconds since the epoch.
    pub received_at: i64,
}

/// A recorded privacy request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyRequestRow {
    /// Its id.
    pub id: i64,
    /// What was received.
    pub request: NewPrivacyRequest,
}
