//! A value for the files that knows its key: rendered as itself when it is valid, as its own
//! `<key>` placeholder when it is missing or invalid. No renderer spells a key.

use std::fmt::Display;

#[derive(Clone, Debug)]
pub struct Keyed<T> {
    pub key: &'static str,
    pub(super) value: Option<T>,
    /// Nothing was typed (or only spaces): empty, not invalid.
    pub(super) empty: bool,
    /// The field table's default, for choices whose typed value is invalid.
    pub(super) default: Option<T>,
}

impl<T> Keyed<T> {
    /// A value the engine found (in the kubeconfig, the token), under its placeholder key.
    pub fn found(key: &'static str, value: Option<T>) -> Keyed<T> {
        let empty = value.is_none();
        Keyed { key, value, empty, default: None }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// True when nothing was given, as opposed to something invalid.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    pub fn placeholder(&self) -> String {
        format!("<{}>", self.key)
    }

    /// The value as `show` writes it, or the placeholder.
    pub fn map_or_placeholder(&self, show: impl FnOnce(&T) -> String) -> String {
        self.value.as_ref().map_or_else(|| self.placeholder(), show)
    }

    /// The value, or the table's default when it is missing or invalid.
    pub fn or_default(&self) -> Option<&T> {
        self.value.as_ref().or(self.default.as_ref())
    }

    /// Set, valid, and not the table's default.
    pub fn differs_from_default(&self) -> bool
    where
        T: PartialEq,
    {
        self.value.is_some() && self.value != self.default
    }
}

impl<T: Display> Keyed<T> {
    /// The value as text, or the placeholder.
    pub fn text(&self) -> String {
        self.map_or_placeholder(T::to_string)
    }

    /// The typed value as text or, when nothing was typed, what the inputs say (`found`). An
    /// invalid typed value stays a placeholder: it is never silently replaced.
    pub fn or_found(&self, found: Option<&String>) -> Keyed<String> {
        let value = self.value.as_ref().map(T::to_string).or_else(|| found.filter(|_| self.empty).cloned());
        Keyed { key: self.key, empty: self.empty && value.is_none(), value, default: None }
    }
}

impl<T: Copy> Keyed<T> {
    /// A choice: the valid value, else the table's default (every default is valid: tested).
    pub fn choice(&self) -> T {
        *self.or_default().expect("every field's default is valid")
    }
}

impl Keyed<bool> {
    /// A checkbox: on only when it is validly on.
    pub fn on(&self) -> bool {
        self.value == Some(true)
    }
}
