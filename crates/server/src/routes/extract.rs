//! Extractors whose rejections are [`ApiError`]s, so a malformed body or
//! query gets the same `{"code","message"}` answer as every other error.

use crate::ApiError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::Json;

/// `Json<T>`, answering 400 `bad_request` when the body does not parse.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(v)| ApiJson(v))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// `Query<T>`, answering 400 `bad_request` when the query does not parse
/// or names a parameter the endpoint does not read (`?over=1` for
/// `over_target`), which would otherwise be ignored and answer as if no
/// filter had been asked.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let v = query_as::<T, S>(parts, state).await?;
        if let (Some(known), Some(query)) = (fields_of::<T>(), parts.uri.query()) {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
                .map_err(|e| ApiError::BadRequest(format!("the query does not parse: {e}")))?;
            // A parameter without a name (`&=x`) names nothing to mistake.
            let unknown = pairs
                .iter()
                .find(|(k, _)| !k.is_empty() && !known.contains(&k.as_str()));
            if let Some((unknown, _)) = unknown {
                return Err(ApiError::BadRequest(format!(
                    "unknown query parameter `{unknown}`: this endpoint reads {}",
                    known.join(", ")
                )));
            }
        }
        Ok(ApiQuery(v))
    }
}

/// The request's query as `T`; one that does not parse is `400
/// bad_request` with axum's reason, which names the parameter. Shared by
/// [`ApiQuery`] and the pages' `PageQuery`.
pub(crate) async fn query_as<T, S>(parts: &mut Parts, state: &S) -> Result<T, ApiError>
where
    Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: Send + Sync,
{
    Query::<T>::from_request_parts(parts, state)
        .await
        .map(|Query(v)| v)
        .map_err(|e| ApiError::BadRequest(e.body_text()))
}

/// The parameter names a query struct reads: the field names serde's
/// derive hands to `deserialize_struct` (none for a type that is not a
/// plain struct, which is then not checked).
fn fields_of<T: serde::de::DeserializeOwned>() -> Option<&'static [&'static str]> {
    let seen = std::cell::Cell::new(None);
    let _ = T::deserialize(FieldProbe(&seen));
    seen.get()
}

/// A deserializer that only notes the fields a struct asks for.
struct FieldProbe<'a>(&'a std::cell::Cell<Option<&'static [&'static str]>>);

/// What [`FieldProbe`] answers every type with, once it has looked.
#[derive(Debug)]
struct Probed;

impl std::fmt::Display for Probed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("probed")
    }
}

impl std::error::Error for Probed {}

impl serde::de::Error for Probed {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Probed
    }
}

impl<'de> serde::Deserializer<'de> for FieldProbe<'_> {
    type Error = Probed;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Probed> {
        Err(Probed)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probed> {
        self.0.set(Some(fields));
        Err(Probed)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}
