//! A person's data on request: exported as one document, erased for
//! good, and the privacy requests a platform sends (Shopify's
//! `customers/data_request`, `customers/redact`, `shop/redact`) carried
//! out — each written to the audit log with who asked.
//!
//! What an erasure removes and keeps is the store's to say (see
//! `rapport_store::privacy`); here the ladder is brought up to date after
//! it, as after every write.

use crate::{now, Engine, EngineError};
use rapport_core::{PersonId, Timestamp};
use rapport_store::{
    AuditAction, AuditRow, Erasure, NewAudit, NewPrivacyRequest, PersonExport, RequestStatus,
    StoreError,
};
use serde::{Deserialize, Serialize};

/// Audit entries a page holds unless asked.
pub const AUDIT_PAGE: u64 = 50;
/// The most a page holds.
pub const AUDIT_MAX: u64 = 500;

/// Everything held about one person, as `rapport export-person` and
/// `GET /api/people/{key}/export` give it.
#[derive(Debug, Clone, Serialize)]
pub struct PersonDocument {
    /// What this document is.
    pub format: &'static str,
    /// When it was made.
    pub exported_at: Timestamp,
    /// What is held.
    #[serde(flatten)]
    pub data: PersonExport,
}

/// The name of the document's format.
pub const EXPORT_FORMAT: &str = "rapport.person-export.v1";

/// A page of the audit log (`GET /api/audit`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Entries, newest first.
    pub entries: Vec<AuditRow>,
    /// Entries in all.
    pub total: u64,
    /// Where this page starts.
    pub offset: u64,
    /// Its size.
    pub limit: u64,
}

/// Which page of the audit log.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Entries to skip (newest first).
    pub offset: Option<u64>,
    /// Entries to show, 1 to 500 (50 by default).
    pub limit: Option<u64>,
}

/// What a privacy request asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivacyTopic {
    /// A customer asked for their data: it is exported and kept with the
    /// request for the shop to hand over.
    DataRequest,
    /// A customer asked to be erased.
    Redact,
    /// The shop left: recorded only. Erasing the whole shop's data is
    /// the operator's (delete the database); Rapport holds one shop.
    ShopRedact,
}

/// A privacy request as a platform's webhook sends it, read.
#[derive(Debug, Clone)]
pub struct PrivacyRequest {
    /// What it asks.
    pub topic: PrivacyTopic,
    /// As received (source, topic name, body, delivery id, ...).
    pub received: NewPrivacyRequest,
    /// The platform's order ids it names (`orders_requested`,
    /// `orders_to_redact`).
    pub orders: Vec<String>,
}

/// What was done with a privacy request.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrivacyAnswer {
    /// The request's id (the first delivery's, for a replay).
    pub id: i64,
    /// The topic.
    pub topic: String,
    /// The same delivery came before: nothing was done again.
    pub replay: bool,
    /// What became of it (`exported`, `erased`, `no_match`, `recorded`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: RequestStatus,
    /// The people it was about.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub people: Vec<PersonId>,
    /// Orders anonymised by it.
    pub orders_redacted: u64,
}

/// A recorded privacy request, as `GET /api/privacy-requests` lists it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrivacyRequestView {
    /// Id.
    pub id: i64,
    /// Where it came from (`shopify`).
    pub source: String,
    /// The topic (`customers/data_request`, `customers/redact`,
    /// `shop/redact`).
    pub topic: String,
    /// The shop's domain.
    pub shop_domain: Option<String>,
    /// The customer's email (gone once they are erased).
    pub customer_email: Option<String>,
    /// The customer's id on the platform (gone once they are erased).
    pub customer_id: Option<String>,
    /// When it arrived.
    pub received_at: Timestamp,
    /// What became of it (`recorded`, `exported`, `erased`, `no_match`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: RequestStatus,
    /// The person it was about.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub person: Option<PersonId>,
    /// When it was carried out.
    pub done_at: Option<Timestamp>,
    /// A data request's answer: the person's export, for the shop to hand
    /// over (gone once they are erased).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub export: Option<serde_json::Value>,
}

fn person_target(p: PersonId) -> String {
    format!("person:{}", p.0)
}

impl Engine {
    /// Adds an entry to the audit log: `actor` (a user's email, `cli`,
    /// `webhook:shopify`) did `action` to `target`.
    pub fn audit(
        &self,
        actor: &str,
        action: AuditAction,
        target: &str,
        detail: &str,
    ) -> Result<(), EngineError> {
        self.store().record_audit(&NewAudit {
            at: now(),
            actor: actor.to_string(),
            action,
            target: target.to_string(),
            detail: detail.to_string(),
        })?;
        Ok(())
    }

    /// Writes the person views still queued for the audit log (see
    /// [`Store::record_audit`]).
    pub fn flush_audit(&self) -> Result<(), EngineError> {
        Ok(self.store().flush_audit()?)
    }

    /// Notes that `actor` viewed person `id`.
    pub fn viewed(&self, id: PersonId, actor: &str, how: &str) -> Result<(), EngineError> {
        self.audit(actor, AuditAction::PersonView, &person_target(id), how)
    }

    /// A page of the audit log, newest first.
    pub fn audit_log(&self, q: &AuditQuery) -> Result<AuditPage, EngineError> {
        let limit = q.limit.unwrap_or(AUDIT_PAGE);
        if !(1..=AUDIT_MAX).contains(&limit) {
            return Err(EngineError::bad(format!(
                "limit {limit}: from 1 to {AUDIT_MAX}"
            )));
        }
        let offset = q.offset.unwrap_or(0);
        let (entries, total) = self.store().audit_page(offset, limit)?;
        Ok(AuditPage {
            entries,
            total,
            offset,
            limit,
        })
    }

    /// The person `key` names (id, `channel:handle`, handle or email), or
    /// a bad-input error naming the key.
    fn someone(&self, key: &str) -> Result<PersonId, EngineError> {
        self.find(key)?.ok_or_else(|| {
            EngineError::bad(format!(
                "no person matches {key:?} (try an id, channel:handle, handle or email)"
            ))
        })
    }

    /// Everything held about person `id`, without noting who asked.
    fn document(&self, id: PersonId) -> Result<Option<PersonDocument>, EngineError> {
        Ok(self.store().person_export(id)?.map(|data| PersonDocument {
            format: EXPORT_FORMAT,
            exported_at: Timestamp(now()),
            data,
        }))
    }

    /// Everything held about the person `key` names, as one document;
    /// the export is written to the audit log as `actor`'s.
    pub fn export_person(&self, key: &str, actor: &str) -> Result<PersonDocument, EngineError> {
        let id = self.someone(key)?;
        let doc = self
            .document(id)?
            .ok_or_else(|| EngineError::bad(format!("person #{} no longer exists", id.0)))?;
        let detail = format!(
            "{} identities, {} interactions, {} orders",
            doc.data.identities.len(),
            doc.data.interactions.len(),
            doc.data.orders.len()
        );
        self.audit(
            actor,
            AuditAction::PersonExport,
            &person_target(id),
            &detail,
        )?;
        tracing::info!(target: "engine::privacy", person = id.0, by = %actor, "person exported");
        Ok(doc)
    }

    /// Forgets the person `key` names (see `rapport_store::privacy`),
    /// notes it in the audit log as `actor`'s and brings the ladder up to
    /// date.
    pub fn forget(&self, key: &str, actor: &str) -> Result<Erasure, EngineError> {
        let id = self.someone(key)?;
        self.forget_id(id, actor, "")
    }

    fn forget_id(&self, id: PersonId, actor: &str, why: &str) -> Result<Erasure, EngineError> {
        let erasure = match self.store().forget_person(id, actor, now()) {
            Err(StoreError::Refused(m)) => return Err(EngineError::bad(m)),
            other => other?,
        };
        let mut detail = format!(
            "{} identities, {} emails, {} interactions deleted, {} shop replies emptied, \
             {} orders anonymised, {} touches deleted",
            erasure.identities,
            erasure.emails,
            erasure.interactions,
            erasure.replies_blanked,
            erasure.orders,
            erasure.touches
        );
        if !why.is_empty() {
            detail = format!("{why}: {detail}");
        }
        self.audit(
            actor,
            AuditAction::PersonForget,
            &person_target(id),
            &detail,
        )?;
        tracing::info!(target: "engine::privacy", person = id.0, by = %actor,
            interactions = erasure.interactions, "person forgotten");
        self.update_ladder()?;
        Ok(erasure)
    }

    /// Every privacy request received, oldest first, with the exports
    /// kept for data requests.
    pub fn privacy_requests(&self) -> Result<Vec<PrivacyRequestView>, EngineError> {
        let store = self.store();
        store
            .privacy_requests()?
            .into_iter()
            .map(|r| {
                let export = match r.has_export {
                    false => None,
                    true => store
                        .privacy_request_export(r.id)?
                        .map(|raw| serde_json::from_str(&raw))
                        .transpose()
                        .map_err(EngineError::internal)?,
                };
                Ok(PrivacyRequestView {
                    id: r.id,
                    source: r.request.source,
                    topic: r.request.topic,
                    shop_domain: r.request.shop_domain,
                    customer_email: r.request.customer_email,
                    customer_id: r.request.customer_id,
                    received_at: Timestamp(r.request.received_at),
                    status: r.status,
                    person: r.person,
                    done_at: r.done_at.map(Timestamp),
                    export,
                })
            })
            .collect()
    }

    /// Keeps the export of the first of `people` (the customer's email
    /// names one person at most) with data request `id`.
    fn answer_data_request(
        &self,
        id: i64,
        people: &[PersonId],
        actor: &str,
        why: &str,
    ) -> Result<RequestStatus, EngineError> {
        let store = self.store();
        let doc = match people.first() {
            Some(&p) => self.document(p)?.map(|d| (p, d)),
            None => None,
        };
        let Some((p, doc)) = doc else {
            store.finish_privacy_request(id, RequestStatus::NoMatch, None, None, now())?;
            return Ok(RequestStatus::NoMatch);
        };
        let json = serde_json::to_string(&doc).map_err(EngineError::internal)?;
        store.finish_privacy_request(id, RequestStatus::Exported, Some(p), Some(&json), now())?;
        self.audit(actor, AuditAction::PersonExport, &person_target(p), why)?;
        Ok(RequestStatus::Exported)
    }

    /// Carries out a privacy request (`actor`: who sent it, e.g.
    /// `webhook:shopify`). A replay — the same delivery id, or the same
    /// topic and body — changes nothing.
    pub fn privacy_request(
        &self,
        r: &PrivacyRequest,
        actor: &str,
    ) -> Result<PrivacyAnswer, EngineError> {
        let store = self.store();
        let recorded = store.record_privacy_request(&r.received)?;
        let topic = r.received.topic.clone();
        if recorded.replay {
            let status = store
                .privacy_requests()?
                .into_iter()
                .find(|x| x.id == recorded.id)
                .map_or(RequestStatus::Recorded, |x| x.status);
            tracing::info!(target: "engine::privacy", id = recorded.id, %topic, "privacy request replayed; nothing done");
            return Ok(PrivacyAnswer {
                id: recorded.id,
                topic,
                replay: true,
                status,
                people: Vec::new(),
                orders_redacted: 0,
            });
        }
        let id = recorded.id;
        let target = format!("privacy_request:{id}");
        self.audit(actor, AuditAction::PrivacyRequest, &target, &topic)?;
        let why = format!("privacy request #{id}");
        // The customer, by email first, then by the orders named.
        let mut people: Vec<PersonId> = Vec::new();
        if let Some(email) = r.received.customer_email.as_deref() {
            if email.contains('@') {
                people.extend(self.find(email)?);
            }
        }
        for p in store.order_owners(&r.orders)? {
            if !people.contains(&p) {
                people.push(p);
            }
        }
        let mut answer = PrivacyAnswer {
            id,
            topic,
            replay: false,
            status: RequestStatus::Recorded,
            people: people.clone(),
            orders_redacted: 0,
        };
        match r.topic {
            PrivacyTopic::ShopRedact => {}
            PrivacyTopic::DataRequest => {
                answer.status = self.answer_data_request(id, &people, actor, &why)?;
            }
            PrivacyTopic::Redact => {
                for &p in &people {
                    self.forget_id(p, actor, &why)?;
                }
                // Orders named without a person, and the email itself, so
                // that old files do not bring the customer in later.
                let emails: Vec<String> = r.received.customer_email.iter().cloned().collect();
                answer.orders_redacted = store.redact_orders(&r.orders, &emails, now())?;
                answer.status = if people.is_empty() {
                    RequestStatus::NoMatch
                } else {
                    RequestStatus::Erased
                };
                store.finish_privacy_request(
                    id,
                    answer.status,
                    people.first().copied(),
                    None,
                    now(),
                )?;
            }
        }
        tracing::info!(target: "engine::privacy", id, topic = %answer.topic,
            status = answer.status.as_str(), "privacy request carried out");
        Ok(answer)
    }
}
