//! Channels, devices and the kinds of map.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where a customer meets the company.
///
/// In files a channel is a lower-case name (`"web"`, `"paid_ads"`, ...) or `"other:<name>"` for a channel the
/// list does not have (`"other:kiosk"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Channel {
    /// The company's website.
    Web,
    /// The company's mobile app.
    MobileApp,
    /// Email.
    Email,
    /// Text messages.
    Sms,
    /// Social networks (organic).
    Social,
    /// Paid advertising.
    PaidAds,
    /// Search engines (organic).
    Search,
    /// Display advertising.
    Display,
    /// Referrals from friends or other customers.
    Referral,
    /// Affiliate sites.
    Affiliate,
    /// Video platforms.
    Video,
    /// A physical shop.
    Store,
    /// Telephone.
    Phone,
    /// Live chat or a chatbot.
    Chat,
    /// Events, fairs and meet-ups.
    Event,
    /// Print: catalogues, leaflets, letters.
    Print,
    /// A third party: marketplace, carrier, review site.
    ThirdParty,
    /// Any other channel, by name.
    Other(String),
}

/// The named channels with their file names and whether they are online.
const NAMED: [(Channel, &str, bool); 17] = [
    (Channel::Web, "web", true),
    (Channel::MobileApp, "mobile_app", true),
    (Channel::Email, "email", true),
    (Channel::Sms, "sms", true),
    (Channel::Social, "social", true),
    (Channel::PaidAds, "paid_ads", true),
    (Channel::Search, "search", true),
    (Channel::Display, "display", true),
    (Channel::Referral, "referral", false),
    (Channel::Affiliate, "affiliate", true),
    (Channel::Video, "video", true),
    (Channel::Store, "store", false),
    (Channel::Phone, "phone", false),
    (Channel::Chat, "chat", true),
    (Channel::Event, "event", false),
    (Channel::Print, "print", false),
    (Channel::ThirdParty, "third_party", true),
];

impl Channel {
    /// The names a file may use for the built-in channels.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMED.iter().map(|(_, name, _)| *name)
    }

    fn entry(&self) -> Option<&'static (Channel, &'static str, bool)> {
        NAMED.iter().find(|(c, _, _)| c == self)
    }

    /// The name used in files: `"web"`, `"other:kiosk"`.
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            Channel::Other(name) => Cow::Owned(format!("other:{name}")),
            named => Cow::Borrowed(named.entry().map_or("other", |(_, n, _)| n)),
        }
    }

    /// Whether the channel is digital. Referrals, shops, phone, events and print are offline; an
    /// `Other` channel counts as offline.
    pub fn is_online(&self) -> bool {
        self.entry().is_some_and(|(_, _, online)| *online)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// The error for a name that is not a channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel \"{0}\", expected one of {list} or other:<name>", list = Channel::names().collect::<Vec<_>>().join(", "))]
pub struct UnknownChannel(pub String);

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        if let Some(rest) = trimmed.strip_prefix("other:") {
            let rest = rest.trim();
            if rest.is_empty() {
                return Err(UnknownChannel(s.to_owned()));
            }
            return Ok(Channel::Other(rest.to_owned()));
        }
        let lower = trimmed.to_ascii_lowercase().replace([' ', '-'], "_");
        NAMED
            .iter()
            .find(|(_, name, _)| *name == lower)
            .map(|(c, _, _)| c.clone())
            .ok_or_else(|| UnknownChannel(s.to_owned()))
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Channel {
    fn schema_name() -> Cow<'static, str> {
        "Channel".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Channel::names().collect();
        json_schema!({
            "description": "A channel name, or other:<name> for a channel the list does not have.",
            "anyOf": [
                { "type": "string", "enum": names },
                { "type": "string", "pattern": "^other:.+$" }
            ]
        })
    }
}

/// The device a touchpoint happens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Device {
    /// A desktop or laptop computer.
    Desktop,
    /// A mobile phone.
    Mobile,
    /// A tablet.
    Tablet,
    /// A kiosk or terminal in a shop.
    Kiosk,
    /// Face to face, no device.
    InPerson,
    /// A voice call or voice assistant.
    Voice,
    /// Any device.
    Any,
}

/// What a map describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum JourneyKind {
    /// The journey as customers live it today.
    #[default]
    CurrentState,
    /// The journey as the company wants it to be.
    FutureState,
    /// A whole day of a customer, of which the company is a part.
    DayInTheLife,
    /// A current-state journey with the backstage that supports it.
    ServiceBlueprint,
}

crate::names::names!(Device, "device", "device" {
    Desktop => "desktop",
    Mobile => "mobile",
    Tablet => "tablet",
    Kiosk => "kiosk",
    InPerson => "in_person",
    Voice => "voice",
    Any => "any",
});

crate::names::names!(JourneyKind, "journey kind", "kind" {
    CurrentState => "current_state",
    FutureState => "future_state",
    DayInTheLife => "day_in_the_life",
    ServiceBlueprint => "service_blueprint",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_round_trip_and_know_online() {
        for name in Channel::names() {
            let c: Channel = name.parse().unwrap(); // ok: unit test
            assert_eq!(c.name(), name);
        }
        assert!(Channel::Web.is_online());
        assert!(!Channel::Store.is_online());
        assert!(!Channel::Phone.is_online());
        let kiosk: Channel = "other:kiosk".parse().unwrap(); // ok: unit test
        assert_eq!(kiosk, Channel::Other("kiosk".into()));
        assert_eq!(kiosk.to_string(), "other:kiosk");
        assert_eq!("Mobile App".parse::<Channel>().unwrap(), Channel::MobileApp); // ok: unit test
        let err = "emial".parse::<Channel>().unwrap_err().to_string();
        assert!(err.contains("unknown channel \"emial\""), "{err}");
        assert!("other:".parse::<Channel>().is_err());
    }
}
