//! The per-article stages. Each reads the `Document` and adds one layer;
//! none modifies the text or another stage's layer. They run in this order:
//! clean → segment → places → quantities → dates → link.

pub mod clean;
pub mod dates;
pub mod link;
pub mod places;
pub mod quantities;
pub mod segment;
