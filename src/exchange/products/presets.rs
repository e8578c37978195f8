//! The product exports of the systems shops leave (Shopify, WooCommerce, Lightspeed
//! X-Series, Square, PrestaShop) and a generic header in English and French: which
//! column holds what, and how each system says a price, a VAT rate and "not on sale".
//!
//! Invariants: a preset is data only; column names compare case-insensitively after
//! trimming; detection picks the first preset whose signature columns are all present,
//! the generic one last, so a vendor's file never falls to the generic mapping.

/// Where a row's VAT rate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateFrom {
    /// A column holding a rate, or a tax name with the rate in it ("VAT (20%)").
    Column(&'static [&'static str]),
    /// Columns named `PREFIX NAME (RATE%)` holding Y/N (Square's "Tax - TVA (20%)").
    YesNoColumns(&'static str),
    /// WooCommerce's tax class: "" standard, "reduced-rate" the shop's second rate,
    /// "zero-rate" 0.
    WooClass(&'static str),
    /// Inferred from a tax-excluded and a tax-included price (PrestaShop's list export).
    PricePair,
    /// The file says nothing: the shop's standard rate.
    Standard,
}

/// How a status column says a product is not on sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Active {
    /// On sale unless the cell is one of these (case-insensitive).
    Unless(&'static [&'static str]),
    /// On sale only when the cell is one of these.
    When(&'static [&'static str]),
}

/// One system's product export.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub name: &'static str,
    /// Columns that must all be present for detection.
    pub signature: &'static [&'static str],
    /// The code: the first non-empty of these (barcode before SKU).
    pub code: &'static [&'static str],
    /// The name's parts, joined by a space; parts equal to one of `name_skip` are left out.
    pub title: &'static [&'static str],
    pub name_skip: &'static [&'static str],
    /// Rows of one product sharing this column's value (Shopify's Handle) take the first
    /// row's name parts when theirs are empty (variant rows).
    pub group: Option<&'static str>,
    /// The price: the first non-empty of these.
    pub price: &'static [&'static str],
    /// Whether that price includes VAT.
    pub price_includes_tax: bool,
    /// With [`RateFrom::PricePair`]: the tax-included price column.
    pub price_incl: Option<&'static str>,
    pub rate: RateFrom,
    /// A column that says the product is not taxed at all (rate 0): Shopify's "Variant
    /// Taxable" FALSE, WooCommerce's "Tax status" none.
    pub untaxed: Option<(&'static str, &'static [&'static str])>,
    pub cost: &'static [&'static str],
    /// The category: the first non-empty of these; a path ("Food > Tea") keeps its last
    /// part, a list ("Tea, Gifts") its first item.
    pub category: &'static [&'static str],
    pub active: Option<(&'static str, Active)>,
    /// Rows whose price column is empty are skipped, not refused (Shopify's image rows,
    /// WooCommerce's variable products whose variations carry the prices).
    pub skip_without_price: bool,
}

const NONE: &[&str] = &[];

pub const SHOPIFY: Preset = Preset {
    name: "shopify",
    signature: &["Handle", "Variant Price"],
    code: &["Variant Barcode", "Variant SKU"],
    title: &["Title", "Option1 Value", "Option2 Value", "Option3 Value"],
    name_skip: &["Default Title"],
    group: Some("Handle"),
    price: &["Variant Price"],
    price_includes_tax: true,
    price_incl: None,
    rate: RateFrom::Standard,
    untaxed: Some(("Variant Taxable", &["false", "no"])),
    cost: &["Cost per item"],
    category: &["Type", "Product Category"],
    active: Some(("Status", Active::Unless(&["draft", "archived"]))),
    skip_without_price: true,
};

pub const WOOCOMMERCE: Preset = Preset {
    name: "woocommerce",
    signature: &["SKU", "Regular price", "Tax class"],
    code: &["GTIN, UPC, EAN, or ISBN", "EAN", "SKU"],
    title: &["Name"],
    name_skip: NONE,
    group: None,
    price: &["Regular price"],
    price_includes_tax: true,
    price_incl: None,
    rate: RateFrom::WooClass("Tax class"),
    untaxed: Some(("Tax status", &["none"])),
    cost: &["Cost", "Cost of goods"],
    category: &["Categories"],
    active: Some(("Published", Active::When(&["1"]))),
    skip_without_price: true,
};

pub const LIGHTSPEED_X: Preset = Preset {
    name: "lightspeed",
    signature: &["handle", "retail_price", "supply_price"],
    code: &["sku"],
    title: &[
        "name",
        "variant_option_one_value",
        "variant_option_two_value",
        "variant_option_three_value",
    ],
    name_skip: NONE,
    group: None,
    price: &["retail_price"],
    price_includes_tax: false,
    price_incl: None,
    rate: RateFrom::Column(&["outlet_tax_Main Outlet", "tax_name", "tax"]),
    untaxed: None,
    cost: &["supply_price"],
    category: &["type", "product_category"],
    active: Some(("active", Active::When(&["1", "true", "yes"]))),
    skip_without_price: false,
};

pub const SQUARE: Preset = Preset {
    name: "square",
    signature: &["Item Name", "Variation Name", "Price"],
    code: &["GTIN", "SKU"],
    title: &["Item Name", "Variation Name"],
    name_skip: &["Regular", "Normal"],
    group: None,
    price: &["Price"],
    price_includes_tax: true,
    price_incl: None,
    rate: RateFrom::YesNoColumns("Tax - "),
    untaxed: None,
    cost: &["Default Unit Cost"],
    category: &["Reporting Category", "Categories", "Category"],
    active: Some(("Archived", Active::Unless(&["y", "yes"]))),
    skip_without_price: false,
};

/// PrestaShop's catalogue list export (Catalog > Products > Export: `;`-separated).
pub const PRESTASHOP: Preset = Preset {
    name: "prestashop",
    signature: &["Reference", "Price (tax excl.)"],
    code: &["EAN13", "EAN-13 or JAN barcode", "UPC", "Reference"],
    title: &["Name"],
    name_skip: NONE,
    group: None,
    price: &["Price (tax excl.)"],
    price_includes_tax: false,
    price_incl: Some("Price (tax incl.)"),
    rate: RateFrom::PricePair,
    untaxed: None,
    cost: &["Wholesale price", "Cost price"],
    category: &["Category", "Categories"],
    active: Some(("Status", Active::When(&["1", "yes", "enabled", "oui"]))),
    skip_without_price: false,
};

/// PrestaShop's import template (Advanced parameters > Import > Products).
pub const PRESTASHOP_IMPORT: Preset = Preset {
    name: "prestashop",
    signature: &["Reference #", "Price tax excluded"],
    code: &["EAN13", "UPC", "Reference #"],
    title: &["Name *", "Name"],
    name_skip: NONE,
    group: None,
    price: &["Price tax excluded"],
    price_includes_tax: false,
    price_incl: None,
    rate: RateFrom::Standard,
    untaxed: None,
    cost: &["Wholesale price"],
    category: &["Categories (x,y,z...)"],
    active: Some(("Active (0/1)", Active::When(&["1"]))),
    skip_without_price: false,
};

/// Any other file: a header in English or French.
pub const GENERIC: Preset = Preset {
    name: "generic",
    signature: NONE,
    code: &[
        "code",
        "barcode",
        "ean",
        "gtin",
        "sku",
        "code-barres",
        "code barre",
        "référence",
        "reference",
    ],
    title: &[
        "name",
        "nom",
        "désignation",
        "designation",
        "libellé",
        "title",
    ],
    name_skip: NONE,
    group: None,
    price: &[
        "price",
        "prix",
        "prix ttc",
        "price incl. tax",
        "prix de vente",
    ],
    price_includes_tax: true,
    price_incl: None,
    rate: RateFrom::Column(&["tax_rate", "vat", "tva", "taux tva", "vat rate", "taux"]),
    untaxed: None,
    cost: &["cost", "coût", "cout", "prix d'achat", "purchase price"],
    category: &["category", "catégorie", "categorie", "rayon", "famille"],
    active: Some(("active", Active::When(&["1", "true", "yes", "oui"]))),
    skip_without_price: false,
};

/// Every preset, in detection order.
pub const ALL: [Preset; 7] = [
    SHOPIFY,
    WOOCOMMERCE,
    LIGHTSPEED_X,
    SQUARE,
    PRESTASHOP,
    PRESTASHOP_IMPORT,
    GENERIC,
];

/// The names `--preset` takes.
pub const NAMES: [&str; 6] = [
    "shopify",
    "woocommerce",
    "lightspeed",
    "square",
    "prestashop",
    "generic",
];

/// The preset for `header`: the one named, or the first whose signature it has.
pub fn choose(header: &[String], named: Option<&str>) -> Option<Preset> {
    let has = |col: &str| header.iter().any(|h| same(h, col));
    ALL.into_iter()
        .find(|p| match named {
            Some(n) => p.name == n && (p.signature.iter().all(|c| has(c)) || p.name == "generic"),
            None => p.signature.iter().all(|c| has(c)),
        })
        .or_else(|| named.and_then(|n| ALL.into_iter().find(|p| p.name == n)))
}

/// Column names compare trimmed and case-insensitively.
pub fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn each_vendor_is_recognised_by_its_header_and_the_rest_is_generic() {
        let pick = |cols: &[&str]| choose(&header(cols), None).map(|p| p.name);
        assert_eq!(pick(&["Handle", "Title", "Variant Price"]), Some("shopify"));
        assert_eq!(
            pick(&["ID", "Type", "SKU", "Name", "Regular price", "Tax class"]),
            Some("woocommerce")
        );
        assert_eq!(
            pick(&[
                "id",
                "handle",
                "sku",
                "name",
                "supply_price",
                "retail_price"
            ]),
            Some("lightspeed")
        );
        assert_eq!(
            pick(&["Token", "Item Name", "Variation Name", "SKU", "Price"]),
            Some("square")
        );
        assert_eq!(
            pick(&[
                "ID",
                "Name",
                "Reference",
                "Price (tax excl.)",
                "Price (tax incl.)"
            ]),
            Some("prestashop")
        );
        assert_eq!(pick(&["code", "nom", "prix"]), Some("generic"));
        // Named: that one, even when the header would say otherwise.
        let named = choose(&header(&["code", "nom"]), Some("square")).map(|p| p.name);
        assert_eq!(named, Some("square"));
    }
}
