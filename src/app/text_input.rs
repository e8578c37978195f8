//! A one-line text field: the text and a cursor, edited by characters and commands.
//!
//! Invariants: the cursor is a character index within `0..=len`; the text never holds
//! control characters (they are dropped on input) and never exceeds [`MAX_CHARS`].

/// Longest text a field accepts, in characters.
pub const MAX_CHARS: usize = 200;

/// A text field's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    cursor: usize,
}

impl TextInput {
    /// A field holding `text`, cursor at its end.
    pub fn with(text: &str) -> TextInput {
        let mut t = TextInput::default();
        t.set(text);
        t
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor as a character index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Replaces the text; the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.text = text
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CHARS)
            .collect();
        self.cursor = self.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Types a character at the cursor (control characters are ignored).
    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.len() >= MAX_CHARS {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Types a pasted text (line breaks become spaces).
    pub fn paste(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(if c == '\n' || c == '\t' { ' ' } else { c });
        }
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
    }

    pub fn delete(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_with_accents() {
        let mut t = TextInput::with("Mlanie");
        t.home();
        t.right();
        t.insert('é');
        assert_eq!(t.text(), "Mélanie");
        t.end();
        t.backspace();
        t.left();
        t.delete();
        assert_eq!(t.text(), "Mélan");
        t.insert('\u{1b}');
        t.paste("a\nb");
        assert_eq!(t.text(), "Mélana b");
        t.set(&"x".repeat(500));
        assert_eq!(t.text().len(), MAX_CHARS);
    }
}
