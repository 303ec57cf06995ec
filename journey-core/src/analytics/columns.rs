//! Event logs from columns (Arrow arrays, data frame columns, in-memory vectors), built on all cores.
//!
//! The rows are read in pieces in parallel. Customer ids are hashed once and sent by hash to one of
//! [`PARTS`] partitions; each partition then interns its own customers, groups their events and orders
//! them in time, also in parallel, and writes them into its own range of the log. Touchpoints and the
//! optional columns, which have few distinct values, are interned per piece and joined in input order.
//! The result is the log that pushing the rows one by one into an [`EventLogBuilder`] gives; only the
//! internal numbering of the customers differs, which no result depends on.
//!
//! [`EventLogBuilder`]: super::EventLogBuilder

use std::fmt;
use std::ops::ControlFlow;

use super::log::{Column, Dictionary, EventLog, NO_SEQUENCE, Names, OPTIONAL_COLUMNS, OrderKeys, TieOrder, hash};
use super::progress::{EVENT_WORK, Meter, Progress, Reporter};

/// A column of text values read by row: an Arrow string array, a vector of strings, and so on.
pub trait TextColumn: Sync {
    /// How many rows.
    fn len(&self) -> usize;

    /// Whether there are no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of row `row` (`row < len()`), `None` for a null.
    fn text(&self, row: usize) -> Option<&str>;

    /// The texts of `rows`, appended to `out`: what `text` gives row by row, which is what this does unless a
    /// column has a quicker way.
    fn texts<'s>(&'s self, rows: std::ops::Range<usize>, out: &mut Vec<Option<&'s str>>) {
        out.extend(rows.map(|r| self.text(r)));
    }
}

macro_rules! text_columns {
    ($($t:ty => |$v:ident| $text:expr;)*) => {$(
        impl TextColumn for [$t] {
            fn len(&self) -> usize {
                <[$t]>::len(self)
            }

            fn text(&self, row: usize) -> Option<&str> {
                let $v = self.get(row)?;
                $text
            }
        }

        impl TextColumn for Vec<$t> {
            fn len(&self) -> usize {
                self.as_slice().len()
            }

            fn text(&self, row: usize) -> Option<&str> {
                self.as_slice().text(row)
            }
        }
    )*};
}

text_columns! {
    &str => |v| Some(*v);
    String => |v| Some(v.as_str());
    Option<&str> => |v| *v;
    Option<String> => |v| v.as_deref();
}

/// A column of numbers read by blocks of rows: a vector, or an Arrow array converted as it is read (e.g.
/// timestamps in microseconds to nanoseconds).
pub trait NumberColumn<T>: Sync {
    /// How many rows.
    fn len(&self) -> usize;

    /// Whether there are no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the values of `rows` to `out`.
    ///
    /// # Errors
    /// A [`ValueError`] naming the first row (of the column) that cannot be read, with what was expected
    /// there; `out` then holds the values of the rows before it.
    fn values(&self, rows: std::ops::Range<usize>, out: &mut Vec<T>) -> Result<(), ValueError>;
}

impl<T: Copy + Sync> NumberColumn<T> for [T] {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }

    fn values(&self, rows: std::ops::Range<usize>, out: &mut Vec<T>) -> Result<(), ValueError> {
        let end = rows.end;
        out.extend_from_slice(self.get(rows).ok_or_else(|| ValueError::new(end, "no such row"))?);
        Ok(())
    }
}

impl<T: Copy + Sync> NumberColumn<T> for Vec<T> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn values(&self, rows: std::ops::Range<usize>, out: &mut Vec<T>) -> Result<(), ValueError> {
        self.as_slice().values(rows, out)
    }
}

/// Consecutive rows of an event table, column by column. All columns hold the same number of rows, that of
/// `timestamp_ns`.
#[derive(Clone, Copy)]
pub struct EventChunk<'a> {
    /// Customer ids: required, trimmed of surrounding white space.
    pub customer: &'a dyn TextColumn,
    /// Nanoseconds since 1970-01-01T00:00:00Z (every `i64` is a time, see [`MIN_TIMESTAMP_NS`](super::MIN_TIMESTAMP_NS)).
    pub timestamp_ns: &'a dyn NumberColumn<i64>,
    /// Touchpoint ids: required, trimmed of surrounding white space.
    pub touchpoint: &'a dyn TextColumn,
    /// Channels, if the table has that column (a null reads as an empty text).
    pub channel: Option<&'a dyn TextColumn>,
    /// Devices, if the table has that column.
    pub device: Option<&'a dyn TextColumn>,
    /// Session ids, if the table has that column.
    pub session: Option<&'a dyn TextColumn>,
    /// Segments, if the table has that column.
    pub segment: Option<&'a dyn TextColumn>,
    /// Reasons (a cancellation reason, a survey answer, an error code), if the table has that column:
    /// trimmed, and a null, empty or blank text is no reason.
    pub reason: Option<&'a dyn TextColumn>,
    /// Outcomes (a conversion flag 1/0 or a value from 0 to [`MAX_OUTCOME`](super::MAX_OUTCOME)), if the table
    /// has that column.
    pub outcome: Option<&'a dyn NumberColumn<f64>>,
    /// Sequence numbers, if the table has that column: they order a customer's events that have the same
    /// timestamp; `i64::MIN` for a row without one (it comes first). Not kept in the log.
    pub sequence: Option<&'a dyn NumberColumn<i64>>,
}

impl<'a> EventChunk<'a> {
    /// A chunk of the three required columns.
    pub fn new(
        customer: &'a dyn TextColumn,
        timestamp_ns: &'a dyn NumberColumn<i64>,
        touchpoint: &'a dyn TextColumn,
    ) -> Self {
        EventChunk {
            customer,
            timestamp_ns,
            touchpoint,
            channel: None,
            device: None,
            session: None,
            segment: None,
            reason: None,
            outcome: None,
            sequence: None,
        }
    }

    fn len(&self) -> usize {
        self.timestamp_ns.len()
    }
}

impl fmt::Debug for EventChunk<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventChunk").field("rows", &self.len()).finish_non_exhaustive()
    }
}

/// A column of `n` nulls.
struct Nulls(usize);

impl TextColumn for Nulls {
    fn len(&self) -> usize {
        self.0
    }

    fn text(&self, _: usize) -> Option<&str> {
        None
    }
}

/// A column of an event table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventField {
    /// The customer id column.
    Customer,
    /// The timestamp column.
    Timestamp,
    /// The touchpoint column.
    Touchpoint,
    /// The channel column.
    Channel,
    /// The device column.
    Device,
    /// The session column.
    Session,
    /// The segment column.
    Segment,
    /// The reason column.
    Reason,
    /// The outcome column.
    Outcome,
    /// The sequence column.
    Sequence,
}

crate::names::names!(EventField, "event field", "field" {
    Customer => "customer",
    Timestamp => "timestamp",
    Touchpoint => "touchpoint",
    Channel => "channel",
    Device => "device",
    Session => "session",
    Segment => "segment",
    Reason => "reason",
    Outcome => "outcome",
    Sequence => "sequence",
});

/// A value a [`NumberColumn`] cannot give: its row (counted from 0 in the column) and what was wrong with it
/// and what was expected. The log reports it as an [`Error`](crate::Error) naming the row over all chunks
/// and the column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {row}: {message}")]
pub struct ValueError {
    /// The row, counted from 0 in the column.
    pub row: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

impl ValueError {
    /// The value of row `row` cannot be read: `message` says why and what was expected.
    pub fn new(row: usize, message: impl Into<String>) -> Self {
        ValueError { row, message: message.into() }
    }
}

/// A value an event log cannot take, as the readers find it: its row (counted from 0 over all chunks), its
/// column and what was expected. Each reader makes its own [`Error`](crate::Error) of it, naming the column
/// as its input does ([`RowFault::into_error`] for values given without names).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RowFault {
    pub(crate) row: u64,
    pub(crate) field: EventField,
    pub(crate) message: String,
}

impl RowFault {
    /// The [`Error::Table`](crate::Error::Table) of a table given as values, the column named by its field.
    pub(crate) fn into_error(self) -> crate::Error {
        crate::Error::Table { row: Some(self.row), column: self.field.as_str().to_owned(), message: self.message }
    }
}

/// Customers are spread over this many partitions by hash; fixed, so that the numbering of the customers
/// depends on the input alone, not on the machine.
const PART_BITS: u32 = 4;
const PARTS: usize = 1 << PART_BITS;
/// Rows per piece.
const PIECE: usize = crate::parallel::PIECE_ROWS;

/// Rows `start..start + len` of chunk `chunk`; `first_row` is the row number of `start` over all chunks.
struct Piece {
    chunk: usize,
    start: usize,
    len: usize,
    first_row: u64,
}

/// A row as its partition needs it: the customer id (its length and, when it has at most [`SHORT`] bytes,
/// the id itself as two integers; a longer one is in the bucket's text, `key` then being its start and
/// length), the timestamp and the touchpoint (by the piece's code). The outcome, when there is one, is in
/// the bucket beside. Packed to 28 bytes: a log of 10 million events holds 10 million of them at once.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
struct Entry {
    key: (u64, u64),
    timestamp: i64,
    /// The piece's code: a piece has at most 65536 rows, so at most 65536 touchpoints.
    touchpoint: u16,
    /// The id's length, or `LONG` for an id longer than `SHORT` bytes.
    len: u16,
}

/// The hash of a customer id from its entry's key and length, or its text when it is long.
fn id_hash(key: (u64, u64), len: u16, text: &str) -> u64 {
    if len == LONG { hash(text) } else { mix(key.0, key.1 ^ u64::from(len)) }
}

const LONG: u16 = u16::MAX;

/// Ids of at most this many bytes are kept in the entries themselves.
const SHORT: usize = 16;

/// The rows of one piece whose customers fall in one partition, in input order.
#[derive(Default)]
struct Bucket {
    entries: Vec<Entry>,
    /// The outcomes other than 0, by the row's place in `entries`.
    outcome: Vec<(u32, f64)>,
    /// The sequence numbers, one per entry, when the table has that column.
    sequence: Vec<i64>,
    /// The customer ids longer than [`SHORT`] bytes, one after another.
    text: String,
    /// The optional columns by the piece's codes, for those the table has.
    optional: [Vec<u32>; OPTIONAL_COLUMNS],
}

/// Adds the id of at most [`SHORT`] bytes whose [`short_key`] and length these are to `names`.
fn push_short_key(names: &mut Names, (lo, hi): (u64, u64), n: usize) {
    let (lo, hi) = (lo.to_le_bytes(), hi.to_le_bytes());
    let mut bytes = [0u8; SHORT];
    match n {
        8.. => {
            bytes[..8].copy_from_slice(&lo);
            bytes[8..n.min(SHORT)].copy_from_slice(&hi[16 - n.min(SHORT)..]);
        }
        4.. => {
            bytes[..4].copy_from_slice(&lo[..4]);
            bytes[4..n].copy_from_slice(&lo[8 - (n - 4)..]);
        }
        3 => bytes[..3].copy_from_slice(&lo[..3]),
        2 => bytes[..2].copy_from_slice(&[lo[0], lo[2]]),
        1 => bytes[0] = lo[0],
        0 => {}
    }
    // The bytes are those of a text: they are UTF-8.
    names.push(std::str::from_utf8(&bytes[..n.min(SHORT)]).unwrap_or_default());
}

/// What a piece gives: its rows sorted into partitions, and the dictionaries of its touchpoints and optional
/// columns.
struct Read {
    buckets: Vec<Bucket>,
    touchpoints: Dictionary,
    optional: [Dictionary; OPTIONAL_COLUMNS],
}

fn optional_columns<'a>(c: &EventChunk<'a>) -> [Option<&'a dyn TextColumn>; OPTIONAL_COLUMNS] {
    [c.channel, c.device, c.session, c.segment, c.reason]
}

/// The place of the reason column among the optional ones.
const REASON: usize = 4;

const OPTIONAL_FIELDS: [EventField; OPTIONAL_COLUMNS] =
    [EventField::Channel, EventField::Device, EventField::Session, EventField::Segment, EventField::Reason];

fn check_lengths(chunks: &[EventChunk<'_>]) -> Result<(), RowFault> {
    let mut first_row = 0u64;
    for c in chunks {
        let n = c.len();
        let mut columns = vec![(EventField::Customer, c.customer.len()), (EventField::Touchpoint, c.touchpoint.len())];
        for (field, col) in OPTIONAL_FIELDS.iter().zip(optional_columns(c)) {
            if let Some(col) = col {
                columns.push((*field, col.len()));
            }
        }
        if let Some(o) = c.outcome {
            columns.push((EventField::Outcome, o.len()));
        }
        if let Some(s) = c.sequence {
            columns.push((EventField::Sequence, s.len()));
        }
        if let Some((field, len)) = columns.into_iter().find(|(_, len)| *len != n) {
            return Err(RowFault {
                row: first_row,
                field,
                message: format!("the column holds {len} rows where the chunk's timestamps hold {n}"),
            });
        }
        first_row += n as u64;
    }
    Ok(())
}

/// Interns the values of a column with few distinct values (touchpoints, channels, devices, segments).
/// Texts of at most 16 bytes are looked up by their bytes as two integers, without hashing the text or
/// comparing it byte by byte; longer ones go to the dictionary's own table.
#[derive(Default)]
struct Interner {
    dict: Dictionary,
    /// Open addressing, a power of two long: (first 8 bytes, next 8 bytes, length, code); length 0 is free.
    slots: Vec<(u64, u64, u32, u32)>,
    used: usize,
}

/// A text of 1 to 16 bytes as two integers: with its length, they give the text back (the reads overlap
/// where the text is shorter than what they cover).
#[inline]
fn short_key(b: &[u8]) -> (u64, u64) {
    let u64_of = |c: Option<&[u8; 8]>| c.map_or(0, |c| u64::from_le_bytes(*c));
    let u32_of = |c: Option<&[u8; 4]>| c.map_or(0, |c| u64::from(u32::from_le_bytes(*c)));
    match b.len() {
        8.. => (u64_of(b.first_chunk()), u64_of(b.last_chunk())),
        4.. => (u32_of(b.first_chunk()) | (u32_of(b.last_chunk()) << 32), 0),
        n @ 1.. => (u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16), 0),
        0 => (0, 0),
    }
}

impl Interner {
    fn slot(&self, lo: u64, hi: u64, len: u32) -> usize {
        let h = (lo ^ hi.rotate_left(29) ^ u64::from(len)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 32) as usize & (self.slots.len() - 1)
    }

    #[inline]
    fn code(&mut self, text: &str) -> u32 {
        let b = text.as_bytes();
        if b.is_empty() || b.len() > 16 {
            return self.dict.code(text);
        }
        if self.slots.is_empty() {
            self.slots = vec![(0, 0, 0, 0); 64];
        }
        let (lo, hi) = short_key(b);
        let len = b.len() as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.slot(lo, hi, len);
        loop {
            let (l, h, n, c) = self.slots[i];
            if n == 0 {
                break;
            }
            if (l, h, n) == (lo, hi, len) {
                return c;
            }
            i = (i + 1) & mask;
        }
        let c = self.dict.code(text);
        self.slots[i] = (lo, hi, len, c);
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            let grown = vec![(0, 0, 0, 0); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            let mask = self.slots.len() - 1;
            for (l, h, n, c) in old.into_iter().filter(|s| s.2 > 0) {
                let mut j = self.slot(l, h, n);
                while self.slots[j].2 > 0 {
                    j = (j + 1) & mask;
                }
                self.slots[j] = (l, h, n, c);
            }
        }
        c
    }
}

/// A hash of two integers (a folded multiply of both with fixed seeds, as fast hashers do).
fn mix(a: u64, b: u64) -> u64 {
    let p = u128::from(a ^ 0x243F_6A88_85A3_08D3).wrapping_mul(u128::from(b ^ 0x1319_8A2E_0370_7344));
    (p as u64) ^ ((p >> 64) as u64)
}

fn required(value: Option<&str>, row: u64, field: EventField) -> Result<&str, RowFault> {
    super::row::check_id(value, field).map_err(|message| RowFault { row, field, message })
}

/// Phase one, per piece: check the rows, hash the customer ids, intern the touchpoints and optional columns
/// and sort the rows into partitions by customer.
fn read_piece(piece: &Piece, chunk: &EventChunk<'_>, has_sequence: bool) -> Result<Read, RowFault> {
    let room = piece.len / PARTS * 5 / 4;
    let mut buckets: Vec<Bucket> =
        (0..PARTS).map(|_| Bucket { entries: Vec::with_capacity(room), ..Bucket::default() }).collect();
    let mut touchpoints = Interner::default();
    let mut optional: [Interner; OPTIONAL_COLUMNS] = Default::default();
    let columns = optional_columns(chunk);
    const BLOCK: usize = 512;
    let (mut customers, mut tps) = (Vec::with_capacity(BLOCK), Vec::with_capacity(BLOCK));
    let (mut times, mut outcomes) = (Vec::with_capacity(BLOCK), Vec::with_capacity(BLOCK));
    let mut sequences = Vec::with_capacity(if has_sequence { BLOCK } else { 0 });
    let fault = |field: EventField| {
        move |ValueError { row: r, message }| RowFault {
            row: piece.first_row + (r - piece.start) as u64,
            field,
            message,
        }
    };
    for block in (0..piece.len).step_by(BLOCK) {
        let rows = piece.start + block..piece.start + (block + BLOCK).min(piece.len);
        customers.clear();
        tps.clear();
        times.clear();
        outcomes.clear();
        chunk.customer.texts(rows.clone(), &mut customers);
        chunk.touchpoint.texts(rows.clone(), &mut tps);
        // A value that cannot be read is reported when its row comes, after the faults of earlier rows.
        let mut stop = chunk.timestamp_ns.values(rows.clone(), &mut times).err().map(fault(EventField::Timestamp));
        let outcome_fault = match chunk.outcome {
            Some(o) => o.values(rows.clone(), &mut outcomes).err().map(fault(EventField::Outcome)),
            None => {
                outcomes.resize(rows.len(), 0.0);
                None
            }
        };
        if let Some(o) = outcome_fault
            && stop.as_ref().is_none_or(|s| o.row < s.row)
        {
            stop = Some(o);
        }
        if has_sequence {
            sequences.clear();
            let sequence_fault = match chunk.sequence {
                Some(q) => q.values(rows.clone(), &mut sequences).err().map(fault(EventField::Sequence)),
                None => {
                    sequences.resize(rows.len(), NO_SEQUENCE);
                    None
                }
            };
            if let Some(q) = sequence_fault
                && stop.as_ref().is_none_or(|s| q.row < s.row)
            {
                stop = Some(q);
            }
        }
        for (k, r) in rows.enumerate() {
            let row = piece.first_row + (r - piece.start) as u64;
            // A row's values are checked in the order of `Event::checked`: the ids, then the timestamp and
            // the outcome (whose fault, when they could not be read, is `stop`).
            let gave_none = |field| RowFault { row, field, message: "the column gave no value for this row".into() };
            let customer =
                required(*customers.get(k).ok_or_else(|| gave_none(EventField::Customer))?, row, EventField::Customer)?;
            let tp =
                required(*tps.get(k).ok_or_else(|| gave_none(EventField::Touchpoint))?, row, EventField::Touchpoint)?;
            if let Some(e) = stop.take_if(|e| e.row == row) {
                return Err(e);
            }
            let (Some(&timestamp), Some(&outcome)) = (times.get(k), outcomes.get(k)) else {
                return Err(stop.take().unwrap_or_else(|| gave_none(EventField::Timestamp)));
            };
            let fault = |field: EventField| move |message: String| RowFault { row, field, message };
            super::row::check_outcome(outcome).map_err(fault(EventField::Outcome))?;
            let short = (customer.len() <= SHORT).then(|| short_key(customer.as_bytes()));
            let (key, len) = match short {
                Some(key) => (key, customer.len() as u16),
                None => ((0, customer.len() as u64), LONG),
            };
            let h = id_hash(key, len, customer);
            let b = &mut buckets[(h >> (64 - PART_BITS)) as usize];
            let key = if len != LONG {
                key
            } else {
                let start = b.text.len() as u64;
                b.text.push_str(customer);
                (start, customer.len() as u64)
            };
            b.entries.push(Entry {
                key,
                timestamp,
                touchpoint: u16::try_from(touchpoints.code(tp)).unwrap_or(u16::MAX),
                len,
            });
            if outcome != 0.0 {
                b.outcome.push((b.entries.len() as u32 - 1, outcome));
            }
            if has_sequence {
                let Some(&q) = sequences.get(k) else {
                    return Err(stop.take().unwrap_or_else(|| RowFault {
                        row,
                        field: EventField::Sequence,
                        message: "the column gave no value for this row".into(),
                    }));
                };
                b.sequence.push(q);
            }
            for (k, ((codes, dict), column)) in b.optional.iter_mut().zip(&mut optional).zip(columns).enumerate() {
                if let Some(column) = column {
                    let text = column.text(r);
                    let text = if k == REASON { super::row::check_reason(text) } else { text };
                    codes.push(dict.code(text.unwrap_or("")));
                }
            }
        }
        if let Some(e) = stop {
            return Err(e);
        }
    }
    Ok(Read { buckets, touchpoints: touchpoints.dict, optional: optional.map(|i| i.dict) })
}

/// Joins the pieces' dictionaries of one column in input order: the joined dictionary and, per piece, the
/// global code of each of its codes.
fn join(dicts: impl Iterator<Item = Dictionary>) -> (Dictionary, Vec<Vec<u32>>) {
    let mut all = Dictionary::default();
    let maps = dicts.map(|d| d.names().iter().map(|n| all.code(n)).collect()).collect();
    (all, maps)
}

/// One partition's share of the log's event columns, to be filled in.
struct Slices<'s> {
    touchpoint: &'s mut [u32],
    timestamp: &'s mut [i64],
    optional: [Option<&'s mut [u32]>; OPTIONAL_COLUMNS],
}

/// What a partition gives besides its slices: its customers (names and hashes), where each one's events
/// start within the partition, and their outcomes.
struct Customers {
    names: Names,
    starts: Vec<usize>,
    converted: Vec<bool>,
    value: Vec<f64>,
    /// By event of the partition, in order: whether it carries an outcome above zero.
    converting: Vec<bool>,
    /// By event of the partition, in order: its outcome.
    outcomes: Vec<f64>,
}

/// The hash a partition's table uses, from the low half of an id's hash (the partition is chosen by the top
/// bits), spread over 64 bits.
fn table_hash(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

struct Context<'c> {
    ties: TieOrder,
    touchpoints: &'c Dictionary,
    /// The log's dictionaries of the optional columns it has.
    optional_dicts: &'c [Option<Dictionary>; OPTIONAL_COLUMNS],
    sequence: bool,
    touchpoint_map: &'c [Vec<u32>],
    /// Per optional column present, per piece, the log's code of each of the piece's codes.
    optional_maps: &'c [Option<Vec<Vec<u32>>>; OPTIONAL_COLUMNS],
    outcome: bool,
}

/// Phase two, per partition: intern the customers, group their events (input order within a customer),
/// order each customer's events in time and write them into the partition's slices. Each row is counted on
/// `meter` as it is interned; `None` when the meter said to stop.
fn fill_partition(
    cx: &Context<'_>,
    buckets: Vec<Bucket>,
    out: Slices<'_>,
    meter: &mut Meter<'_, '_>,
) -> Option<Customers> {
    let rows: usize = out.timestamp.len();
    // The table holds each customer's id key (for an id longer than `SHORT` bytes: its place in `long`),
    // hash and length beside its code, so that a look-up reads nothing else.
    #[derive(Clone, Copy)]
    struct Slot {
        key: (u64, u64),
        hash: u32,
        len: u16,
        code: u32,
    }
    let mut table = hashbrown::HashTable::<Slot>::with_capacity(rows / 8);
    // Per customer: its id's key and length; the texts of the long ids.
    let mut keys: Vec<((u64, u64), u16)> = Vec::new();
    let mut long: Vec<&str> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut codes: Vec<u32> = Vec::with_capacity(rows);
    for b in &buckets {
        let text = |(start, len): (u64, u64)| b.text.get(start as usize..(start + len) as usize).unwrap_or_default();
        for e in &b.entries {
            if meter.count(1).is_break() {
                return None;
            }
            let Entry { key, len, .. } = *e;
            let name = if len == LONG { text(key) } else { "" };
            let h = id_hash(key, len, name) as u32;
            let th = table_hash(h);
            let found = if len == LONG {
                table.find(th, |s| s.hash == h && s.len == LONG && long.get(s.key.0 as usize) == Some(&name))
            } else {
                table.find(th, |s| s.hash == h && s.len == len && s.key == key)
            };
            let code = match found {
                Some(s) => s.code,
                None => {
                    let code = u32::try_from(keys.len()).unwrap_or(u32::MAX);
                    let key = if len == LONG {
                        long.push(name);
                        ((long.len() - 1) as u64, 0)
                    } else {
                        key
                    };
                    keys.push((key, len));
                    counts.push(0);
                    table.insert_unique(th, Slot { key, hash: h, len, code }, |s| table_hash(s.hash));
                    code
                }
            };
            counts[code as usize] += 1;
            codes.push(code);
        }
    }
    drop(table);
    let mut names = Names::with_capacity(keys.len(), keys.len() * 10);
    for &(key, len) in &keys {
        if len == LONG {
            names.push(long.get(key.0 as usize).copied().unwrap_or_default());
        } else {
            push_short_key(&mut names, key, usize::from(len));
        }
    }
    drop(long);
    // Where each customer's events start; `next` walks through them as events are placed.
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut at = 0;
    for c in &counts {
        starts.push(at);
        at += c;
    }
    starts.push(at);
    let mut next = starts.clone();
    let Slices { touchpoint, timestamp, mut optional } = out;
    let mut outcome = if cx.outcome { vec![0.0; rows] } else { Vec::new() };
    let mut sequence = if cx.sequence { vec![NO_SEQUENCE; rows] } else { Vec::new() };
    let mut codes = codes.into_iter();
    for (p, b) in buckets.iter().enumerate() {
        let tp_map = &cx.touchpoint_map[p];
        let mut outcomes = b.outcome.iter().peekable();
        for (j, e) in b.entries.iter().enumerate() {
            let slot = &mut next[codes.next().unwrap_or_default() as usize];
            let at = *slot;
            *slot += 1;
            let Entry { timestamp: time, touchpoint: tp, .. } = *e;
            touchpoint[at] = tp_map[tp as usize];
            timestamp[at] = time;
            for ((column, maps), codes) in optional.iter_mut().zip(cx.optional_maps).zip(&b.optional) {
                if let (Some(column), Some(maps)) = (column, maps) {
                    column[at] = maps[p][codes[j] as usize];
                }
            }
            if let Some((_, v)) = outcomes.next_if(|o| o.0 as usize == j) {
                outcome[at] = *v;
            }
            if let Some(q) = b.sequence.get(j) {
                sequence[at] = *q;
            }
        }
    }
    drop(buckets);
    // Each customer's events in the order of `OrderKeys` (each customer's range is in input order).
    let mut order: Vec<u32> = Vec::new();
    let mut scratch_u32: Vec<u32> = Vec::new();
    let mut scratch_i64: Vec<i64> = Vec::new();
    let mut scratch_f64: Vec<f64> = Vec::new();
    for w in starts.windows(2) {
        let range = w[0]..w[1];
        let keys = OrderKeys {
            ties: cx.ties,
            timestamp: &timestamp[range.clone()],
            sequence: cx.sequence.then(|| &sequence[range.clone()]),
            touchpoint: (cx.touchpoints, &touchpoint[range.clone()]),
            optional: std::array::from_fn(|k| match (&cx.optional_dicts[k], &optional[k]) {
                (Some(dict), Some(codes)) => Some((dict, &codes[range.clone()])),
                _ => None,
            }),
            outcome: cx.outcome.then(|| &outcome[range.clone()]),
        };
        if keys.ordered(0..range.len()) {
            continue;
        }
        order.clear();
        order.extend(0..range.len() as u32);
        keys.sort_unchecked(&mut order);
        permute(&mut timestamp[range.clone()], &order, &mut scratch_i64);
        permute(&mut touchpoint[range.clone()], &order, &mut scratch_u32);
        for column in optional.iter_mut().flatten() {
            permute(&mut column[range.clone()], &order, &mut scratch_u32);
        }
        if cx.outcome {
            permute(&mut outcome[range.clone()], &order, &mut scratch_f64);
        }
    }
    let (mut converted, mut value) = (Vec::new(), Vec::new());
    if cx.outcome {
        converted.reserve(counts.len());
        value.reserve(counts.len());
        for w in starts.windows(2) {
            let values = &outcome[w[0]..w[1]];
            converted.push(values.iter().any(|v| *v > 0.0));
            value.push(super::sum::exact_sum(values.iter().copied()));
        }
    }
    let converting = if cx.outcome { outcome.iter().map(|v| *v > 0.0).collect() } else { Vec::new() };
    Some(Customers { names, starts, converted, value, converting, outcomes: outcome })
}

/// Reorders `slice` so that its `j`-th value is its value `order[j]`.
fn permute<T: Copy>(slice: &mut [T], order: &[u32], scratch: &mut Vec<T>) {
    scratch.clear();
    scratch.extend(order.iter().map(|&i| slice[i as usize]));
    slice.copy_from_slice(scratch);
}

/// Cuts `v` into consecutive slices of the given lengths.
fn split_lengths<'s, T>(mut v: &'s mut [T], lengths: &[usize]) -> Vec<&'s mut [T]> {
    let mut out = Vec::with_capacity(lengths.len());
    for &n in lengths {
        let (head, tail) = v.split_at_mut(n);
        out.push(head);
        v = tail;
    }
    out
}

impl EventLog {
    /// Builds a log from consecutive chunks of an event table, read on all cores (one core in WebAssembly).
    /// The result is the log that pushing the rows one by one into an [`EventLogBuilder`] gives: events are
    /// ordered by customer, timestamp, then as [`TieOrder::Canonical`] says (see
    /// [`EventLog::from_columns_with_ties`]), a null in an optional column reads as an empty text, and the
    /// log has an outcome column when a chunk has one.
    ///
    /// ```
    /// use journey_core::analytics::{EventChunk, EventLog};
    ///
    /// let customers = vec!["a", "b", "a"];
    /// let touchpoints = vec!["ad", "site", "site"];
    /// let times = vec![1_000, 2_000, 3_000];
    /// let outcome = vec![0.0, 0.0, 25.0];
    /// let chunk = EventChunk { outcome: Some(&outcome), ..EventChunk::new(&customers, &times, &touchpoints) };
    /// let log = EventLog::from_columns(&[chunk])?;
    /// assert_eq!((log.len(), log.customer_count(), log.conversions()), (3, 2, 1));
    /// assert_eq!(log.dfg().transitions[0].count, 1);
    /// # Ok::<(), journey_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// An [`Error::Table`](crate::Error::Table) (kind `csv`, with the message the CSV reader gives) naming
    /// the first row (in input order, counted from 0 over all chunks) and the column
    /// ([`EventField::as_str`]) of a missing or empty customer id or touchpoint, an outcome that is not
    /// one ([`is_outcome`](super::is_outcome)) or a value a column could not give ([`ValueError`]) (a
    /// timestamp out of range, when the column converts); a chunk whose columns differ in length; an
    /// [`Error::Argument`](crate::Error::Argument) for a customer whose events span more than 292 years
    /// (see [`EventLogBuilder::build`](super::EventLogBuilder::build)).
    ///
    /// [`EventLogBuilder`]: super::EventLogBuilder
    pub fn from_columns(chunks: &[EventChunk<'_>]) -> crate::Result<EventLog> {
        Self::from_columns_with_ties(chunks, TieOrder::Canonical)
    }

    /// [`EventLog::from_columns`] with the events of a customer that have the same timestamp ordered as
    /// `ties` says.
    ///
    /// # Errors
    /// As [`EventLog::from_columns`], and a sequence number that cannot be read.
    pub fn from_columns_with_ties(chunks: &[EventChunk<'_>], ties: TieOrder) -> crate::Result<EventLog> {
        // A silent reporter never stops the work.
        Self::from_columns_reported(chunks, ties, &mut Reporter::silent("reading columns"))?
            .map_err(RowFault::into_error)
    }

    /// [`EventLog::from_columns_with_ties`], calling `progress` at the start, every few milliseconds of work
    /// and at the end (see [`Progress`]): the units are rows, each counted once when it is read and once
    /// when it is placed in the log, so `total` is twice the rows. `progress` returning
    /// `ControlFlow::Break(())` stops the work within a few milliseconds.
    ///
    /// # Errors
    /// As [`EventLog::from_columns_with_ties`], and [`Error::Cancelled`](crate::Error::Cancelled) when
    /// `progress` asked to stop.
    pub fn from_columns_with_progress(
        chunks: &[EventChunk<'_>],
        ties: TieOrder,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> crate::Result<EventLog> {
        Self::from_columns_faulted(chunks, ties, progress)?.map_err(RowFault::into_error)
    }

    /// [`EventLog::from_columns_with_progress`] with the value at fault as the readers find it, for a reader
    /// (Arrow tables) that names the columns its own way.
    pub(crate) fn from_columns_faulted(
        chunks: &[EventChunk<'_>],
        ties: TieOrder,
        progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    ) -> crate::Result<std::result::Result<EventLog, RowFault>> {
        Self::from_columns_reported(chunks, ties, &mut Reporter::new(progress, "reading columns"))
    }

    fn from_columns_reported(
        chunks: &[EventChunk<'_>],
        ties: TieOrder,
        rep: &mut Reporter<'_>,
    ) -> crate::Result<std::result::Result<EventLog, RowFault>> {
        let rows: u64 = chunks.iter().map(|c| c.len() as u64).sum();
        rep.begin(2 * rows, EVENT_WORK)?;
        let log = match Self::from_columns_in(chunks, ties, rep)? {
            Ok(log) => log,
            Err(e) => return Ok(Err(e)),
        };
        rep.end()?;
        Ok(Ok(log))
    }

    fn from_columns_in(
        chunks: &[EventChunk<'_>],
        ties: TieOrder,
        rep: &mut Reporter<'_>,
    ) -> crate::Result<std::result::Result<EventLog, RowFault>> {
        if let Err(e) = check_lengths(chunks) {
            return Ok(Err(e));
        }
        let has: [bool; OPTIONAL_COLUMNS] =
            std::array::from_fn(|k| chunks.iter().any(|c| optional_columns(c)[k].is_some()));
        // A chunk without a column another chunk has reads as nulls in that column.
        let nulls: Vec<Nulls> = chunks.iter().map(|c| Nulls(c.len())).collect();
        let chunks: Vec<EventChunk<'_>> = chunks
            .iter()
            .zip(&nulls)
            .map(|(c, nulls)| {
                let nulls: &dyn TextColumn = nulls;
                EventChunk {
                    channel: c.channel.or(has[0].then_some(nulls)),
                    device: c.device.or(has[1].then_some(nulls)),
                    session: c.session.or(has[2].then_some(nulls)),
                    segment: c.segment.or(has[3].then_some(nulls)),
                    reason: c.reason.or(has[REASON].then_some(nulls)),
                    ..*c
                }
            })
            .collect();
        let chunks = chunks.as_slice();
        let has_outcome = chunks.iter().any(|c| c.outcome.is_some());
        let has_sequence = chunks.iter().any(|c| c.sequence.is_some());
        let mut pieces = Vec::new();
        let mut first_row = 0u64;
        for (chunk, c) in chunks.iter().enumerate() {
            let n = c.len();
            for start in (0..n).step_by(PIECE) {
                let len = PIECE.min(n - start);
                pieces.push(Piece { chunk, start, len, first_row: first_row + start as u64 });
            }
            first_row += n as u64;
        }
        let n = usize::try_from(first_row).unwrap_or(usize::MAX);

        let read = super::progress::map_all(pieces.iter().collect(), rep, |p: &Piece, meter| {
            if meter.flush().is_break() {
                return None;
            }
            let read = read_piece(p, &chunks[p.chunk], has_sequence);
            let _ = meter.count(p.len as u64);
            Some(read)
        })?;
        // Without a request to stop, every piece was read.
        let reads: Vec<Read> = match read.into_iter().flatten().collect::<Result<_, _>>() {
            Ok(reads) => reads,
            Err(e) => return Ok(Err(e)),
        };

        let mut reads = reads;
        let (touchpoints, touchpoint_map) = join(reads.iter_mut().map(|r| std::mem::take(&mut r.touchpoints)));
        let mut optional_dicts: [Option<Dictionary>; OPTIONAL_COLUMNS] = Default::default();
        let mut optional_maps: [Option<Vec<Vec<u32>>>; OPTIONAL_COLUMNS] = Default::default();
        for k in 0..OPTIONAL_COLUMNS {
            if has[k] {
                let (dict, maps) = join(reads.iter_mut().map(|r| std::mem::take(&mut r.optional[k])));
                optional_dicts[k] = Some(dict);
                optional_maps[k] = Some(maps);
            }
        }

        // Each partition's rows: where its range of the log starts and how long it is.
        let lengths: Vec<usize> = (0..PARTS).map(|p| reads.iter().map(|r| r.buckets[p].entries.len()).sum()).collect();
        // The buckets by partition, each partition's going to its work and freed when that is done.
        let mut by_part: Vec<Vec<Bucket>> = (0..PARTS).map(|_| Vec::with_capacity(reads.len())).collect();
        for read in reads {
            for (part, bucket) in by_part.iter_mut().zip(read.buckets) {
                part.push(bucket);
            }
        }
        let mut touchpoint = vec![0u32; n];
        let mut timestamp = vec![0i64; n];
        let mut optional_codes: [Option<Vec<u32>>; OPTIONAL_COLUMNS] =
            std::array::from_fn(|k| has[k].then(|| vec![0u32; n]));
        let mut touchpoint_parts = split_lengths(&mut touchpoint, &lengths).into_iter();
        let mut timestamp_parts = split_lengths(&mut timestamp, &lengths).into_iter();
        let mut optional_parts: [Option<std::vec::IntoIter<&mut [u32]>>; OPTIONAL_COLUMNS] = Default::default();
        for (parts, codes) in optional_parts.iter_mut().zip(optional_codes.iter_mut()) {
            *parts = codes.as_mut().map(|c| split_lengths(c, &lengths).into_iter());
        }
        let mut work = Vec::with_capacity(PARTS);
        for buckets in by_part {
            let slices = Slices {
                touchpoint: touchpoint_parts.next().unwrap_or_default(),
                timestamp: timestamp_parts.next().unwrap_or_default(),
                optional: std::array::from_fn(|k| optional_parts[k].as_mut().and_then(Iterator::next)),
            };
            work.push((buckets, slices));
        }
        let cx = Context {
            ties,
            touchpoints: &touchpoints,
            optional_dicts: &optional_dicts,
            sequence: has_sequence,
            touchpoint_map: &touchpoint_map,
            optional_maps: &optional_maps,
            outcome: has_outcome,
        };
        let parts: Vec<Customers> = super::progress::map_all(work, rep, |(buckets, slices), meter| {
            fill_partition(&cx, buckets, slices, meter)
        })?
        .into_iter()
        .flatten()
        .collect();

        let customers: usize = parts.iter().map(|p| p.names.len()).sum();
        let mut offsets = Vec::with_capacity(customers + 1);
        let mut names = Names::with_capacity(customers, parts.iter().map(|p| p.names.bytes()).sum());
        let mut converted = Vec::with_capacity(if has_outcome { customers } else { 0 });
        let mut value = Vec::with_capacity(if has_outcome { customers } else { 0 });
        let mut converting = Vec::with_capacity(if has_outcome { n } else { 0 });
        let mut outcomes = Vec::with_capacity(if has_outcome { n } else { 0 });
        let mut base = 0;
        for (p, len) in parts.into_iter().zip(&lengths) {
            offsets.extend(p.starts[..p.starts.len() - 1].iter().map(|s| base + s));
            base += len;
            names.extend(&p.names);
            converted.extend(p.converted);
            value.extend(p.value);
            converting.extend(p.converting);
            outcomes.extend(p.outcomes);
        }
        offsets.push(base);
        let column = |dict: Option<Dictionary>, codes: Option<Vec<u32>>| match (dict, codes) {
            (Some(dict), Some(codes)) => Some(Column { dict, codes }),
            _ => None,
        };
        let [d0, d1, d2, d3, d4] = optional_dicts;
        let [c0, c1, c2, c3, c4] = optional_codes;
        let log = EventLog {
            customers: names,
            touchpoints,
            offsets,
            touchpoint,
            timestamp,
            channel: column(d0, c0),
            device: column(d1, c1),
            session: column(d2, c2),
            segment: column(d3, c3),
            reason: column(d4, c4),
            converted: has_outcome.then_some(converted),
            value: has_outcome.then_some(value),
            converting: has_outcome.then_some(converting),
            outcomes: has_outcome.then_some(outcomes),
        };
        log.check_spans()?;
        Ok(Ok(log))
    }
}
