//! The fonts every statement is set in, compiled into the binary: Noto Sans (Latin) and Noto Sans
//! CJK SC (Chinese), regular and bold, under the SIL Open Font License (`templates/fonts/`). No
//! system font is ever scanned, so a statement renders identically on every machine.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

static FILES: [&[u8]; 4] = [
    include_bytes!("../../../templates/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../templates/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../templates/fonts/NotoSansCJKsc-Regular.ttf"),
    include_bytes!("../../../templates/fonts/NotoSansCJKsc-Bold.ttf"),
];

/// The font families a template may name.
pub const FAMILIES: [&str; 2] = ["Noto Sans", "Noto Sans CJK SC"];

pub(crate) struct Fonts {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

/// Parsed once per process and shared by every statement and thread.
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}
