//! YesWiki actions (`{{name param="value"}}`) and what each becomes.

use url::form_urlencoded;

use super::Converter;
use super::ir::{Atom, Block, Inl, Item, Node, Style};
use super::links::{Target, classify};
use crate::catalogue::form::RESERVED_KEYS;

/// Containers whose `{{end elem="…"}}` closes them; their content stays, their frame goes.
const CONTAINERS: [&str; 9] = [
    "section",
    "grid",
    "col",
    "accordion",
    "panel",
    "tabs",
    "tab",
    "buttondropdown",
    "label",
];

/// Extensions `{{attach}}` shows as images (YesWiki's `ext_images`).
const IMAGE_EXTENSIONS: [&str; 7] = ["avif", "gif", "jpeg", "jpg", "png", "svg", "webp"];

/// An action as YesWiki's `Action()` reads it: a name, then `key="value"` pairs (a value ends
/// at the first `"`; anything else between them is ignored).
struct Action {
    name: String,
    params: Vec<(String, String)>,
}

impl Action {
    fn parse(inner: &str) -> Option<Action> {
        let cmd = inner.replace('\n', " ");
        let cmd = cmd.trim();
        let name_len = cmd
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        if name_len == 0 {
            return None;
        }
        let mut params = Vec::new();
        let mut rest = &cmd[name_len..];
        while let Some(eq) = rest.find("=\"") {
            let key_start = rest[..eq]
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let key = &rest[key_start..eq];
            let value_start = eq + 2;
            let Some(len) = rest[value_start..].find('"') else {
                break;
            };
            params.push((
                key.to_owned(),
                rest[value_start..value_start + len].to_owned(),
            ));
            rest = &rest[value_start + len + 1..];
        }
        Some(Action {
            name: cmd[..name_len].to_ascii_lowercase(),
            params,
        })
    }

    /// The value of the first of `keys` given (YesWiki's fallbacks, `attachfile` or `file`).
    fn param(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.params
                .iter()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }
}

fn inline(atom: Atom) -> Node {
    Node::Inl(Inl::atom(atom))
}

/// A paragraph of its own holding `title` in bold (a panel's or a tab's title).
fn title(title: &str) -> Vec<Node> {
    let mut nodes = vec![Node::Split];
    if !title.trim().is_empty() {
        nodes.push(Node::Block(Block::Para(vec![(
            Style::BOLD,
            Atom::Text(title.trim().to_owned()),
        )])));
    }
    nodes
}

impl Converter<'_, '_> {
    /// The nodes an action becomes; `inner` is the text between `{{` and `}}`.
    pub(super) fn action(&mut self, inner: &str) -> Vec<Node> {
        let Some(action) = Action::parse(inner) else {
            if inner.trim().is_empty() {
                // YesWiki shows an empty action as written.
                return vec![Node::Inl(Inl::text("{{}}"))];
            }
            return self.unconverted(inner, "this is not a valid YesWiki action");
        };
        match action.name.as_str() {
            "section" | "grid" | "col" | "accordion" => vec![Node::Split],
            "panel" | "buttondropdown" => title(action.param(&["title"]).unwrap_or("")),
            "tabs" => {
                self.tab_titles = action
                    .param(&["titles"])
                    .unwrap_or("")
                    .split(',')
                    .map(|t| t.trim().to_owned())
                    .collect();
                vec![Node::Split]
            }
            "tab" => {
                let next = self.tab_titles.pop_front().unwrap_or_default();
                title(&next)
            }
            "label" => Vec::new(),
            "end" => self.end(inner, &action),
            "attach" => self.attach(inner, &action),
            "button" => self.button(inner, &action),
            "lien" => self.lien(inner, &action),
            "nav" => self.nav(&action),
            "include" => self.include(inner, &action),
            "bazarliste" | "bazar" | "bazarcarto" | "bazartableau" | "bazartable"
            | "calendrier" => self.catalogue(inner, &action),
            "recentchanges" | "recentlycommented" | "recentcomments" => {
                special("/-/recent", "Recent changes")
            }
            "recentchangesrss" | "recentchangesrssplus" | "recentcommentsrss" => {
                special("/-/recent.atom", "Recent changes (Atom feed)")
            }
            "pageindex" | "listpages" | "pageonlyindex" => special("/-/pages", "All pages"),
            "textsearch" | "newtextsearch" | "moteurrecherche" => special("/-/search", "Search"),
            "login" => special("/-/login", "Log in"),
            "usersettings" => special("/-/account", "Your account"),
            "backlinks" => {
                let url = format!("/{}/backlinks", self.cx.page);
                special(&url, "Pages that link here")
            }
            _ => self.unconverted(inner, "coopwiki has no equivalent"),
        }
    }

    /// The action kept whole and visible, as code, so that nothing the author wrote is lost
    /// and an editor can find what is left to do.
    pub(super) fn unconverted(&mut self, inner: &str, why: &str) -> Vec<Node> {
        let source = format!("{{{{{}}}}}", inner.replace('\n', " ").trim_end());
        let name: String = inner
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .collect();
        self.warn(format!(
            "Kept the YesWiki action {{{{{name}}}}} as code: {why}."
        ));
        vec![inline(Atom::Code(source))]
    }

    fn end(&mut self, inner: &str, action: &Action) -> Vec<Node> {
        let elem = action.param(&["elem"]).unwrap_or("").to_ascii_lowercase();
        match elem.as_str() {
            "label" => Vec::new(),
            "tabs" => {
                self.tab_titles.clear();
                vec![Node::Split]
            }
            e if CONTAINERS.contains(&e) => vec![Node::Split],
            _ => self.unconverted(inner, "it closes nothing coopwiki knows"),
        }
    }

    fn attach(&mut self, inner: &str, action: &Action) -> Vec<Node> {
        let Some(file) = action.param(&["attachfile", "file"]) else {
            return self.unconverted(inner, "it names no file");
        };
        let Some(name) = (self.cx.attachment)(file) else {
            return self.unconverted(inner, &format!("the file {file} was not imported"));
        };
        let url = format!("attachment:{name}");
        let desc = action.param(&["attachdesc", "desc"]).unwrap_or("");
        let extension = file
            .rsplit_once('.')
            .map_or("", |(_, e)| e)
            .to_ascii_lowercase();
        if !IMAGE_EXTENSIONS.contains(&extension.as_str()) {
            let label = if desc.is_empty() { file } else { desc };
            return vec![inline(Atom::Link {
                url,
                label: label.to_owned(),
            })];
        }
        let presentation: Vec<String> = ["size", "class", "width", "height"]
            .iter()
            .filter_map(|key| action.param(&[key]).map(|v| format!("{key}={v}")))
            .collect();
        if !presentation.is_empty() {
            self.warn(format!(
                "Dropped the size and alignment of the image {file} ({}): coopwiki has no syntax for them yet.",
                presentation.join(", ")
            ));
        }
        let alt = image_description(desc, file, action.param(&["caption"]));
        let image = match action.param(&["attachlink", "link"]) {
            Some(link) => match self.href(link) {
                Some(href) => Atom::LinkedImage {
                    alt,
                    src: url,
                    title: String::new(),
                    href,
                },
                None => Atom::Image {
                    alt,
                    url,
                    title: String::new(),
                },
            },
            None => Atom::Image {
                alt,
                url,
                title: String::new(),
            },
        };
        let mut nodes = vec![inline(image)];
        // The caption and legend were shown under the image.
        for key in ["caption", "legend"] {
            if let Some(text) = action.param(&[key]) {
                nodes.push(inline(Atom::Break));
                nodes.push(Node::Inl(Inl::Atom(
                    Style::ITALIC,
                    Atom::Text(text.to_owned()),
                )));
            }
        }
        nodes
    }

    fn button(&mut self, inner: &str, action: &Action) -> Vec<Node> {
        let Some(link) = action.param(&["link"]) else {
            return self.unconverted(inner, "it has no link");
        };
        let link = if link == "config/root_page" {
            "/"
        } else {
            link
        };
        let text = action.param(&["text", "title"]).unwrap_or(link);
        vec![inline(self.link_or_text(link, text))]
    }

    /// `{{lien}}` is no YesWiki 4 action; older sites and extensions used it for a link.
    fn lien(&mut self, inner: &str, action: &Action) -> Vec<Node> {
        let Some(link) = action.param(&["lien", "link", "url", "href", "page"]) else {
            return self.unconverted(inner, "it has no link");
        };
        let text = action
            .param(&["texte", "text", "titre", "title"])
            .unwrap_or(link);
        vec![inline(self.link_or_text(link, text))]
    }

    /// A bar of links becomes a list of them, in YesWiki's order (one per title).
    fn nav(&mut self, action: &Action) -> Vec<Node> {
        let split = |v: Option<&str>| -> Vec<String> {
            v.unwrap_or("")
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let links = split(action.param(&["links"]));
        let titles = split(action.param(&["titles"]));
        let titles = if titles.is_empty() {
            links.clone()
        } else {
            titles
        };
        let items: Vec<Item> = titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                let atom = match links.get(i) {
                    Some(link) => self.link_or_text(link, title),
                    None => Atom::Text(title.clone()),
                };
                Item {
                    depth: 0,
                    ordered: false,
                    pieces: vec![(Style::NONE, atom)],
                }
            })
            .collect();
        if items.is_empty() {
            return vec![Node::Split];
        }
        vec![Node::Block(Block::List(items))]
    }

    /// An inclusion becomes an embed, `![[Page]]`: a link today, the page's content once
    /// coopwiki renders embeds.
    fn include(&mut self, inner: &str, action: &Action) -> Vec<Node> {
        match action.param(&["page"]).map(classify) {
            Some(Target::Page { tag, .. }) => vec![inline(Atom::WikiLink {
                target: tag,
                label: None,
                embed: true,
            })],
            _ => self.unconverted(inner, "it names no page"),
        }
    }

    /// A Bazar list, map, calendar or form becomes a link to the catalogue of the form, with
    /// the filters of its `query` (`field=value1,value2|other=value`); entry forms
    /// (`vue="saisir"`) link to the catalogue's new-sheet page.
    fn catalogue(&mut self, inner: &str, action: &Action) -> Vec<Node> {
        let ids: Vec<&str> = action
            .param(&["id", "idtypeannonce"])
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .collect();
        let (forms, missing): (Vec<_>, Vec<_>) = ids
            .iter()
            .map(|id| (*id, (self.cx.form)(id)))
            .partition(|(_, f)| f.is_some());
        let missing: Vec<&str> = missing.into_iter().map(|(id, _)| id).collect();
        let forms: Vec<String> = forms.into_iter().filter_map(|(_, f)| f).collect();
        if forms.is_empty() {
            let why = if missing.is_empty() {
                "it names no Bazar form".to_owned()
            } else {
                format!("the Bazar form {} was not imported", missing.join(", "))
            };
            return self.unconverted(inner, &why);
        }
        if !missing.is_empty() {
            self.warn(format!(
                "The Bazar form {} named by {{{{{}}}}} was not imported; only the others are linked.",
                missing.join(", "),
                action.name
            ));
        }
        let new_entry = action.param(&["vue"]) == Some("saisir");
        let mut filters: Vec<(String, String)> = Vec::new();
        for clause in action.param(&["query"]).unwrap_or("").split('|') {
            let Some((key, values)) = clause.split_once('=') else {
                continue;
            };
            let key = key.trim();
            if key.is_empty() {
                continue;
            }
            if RESERVED_KEYS.contains(&key) {
                self.warn(format!(
                    "Dropped the filter {key} of {{{{{}}}}}: the catalogue uses that name for itself.",
                    action.name
                ));
                continue;
            }
            for value in values.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                filters.push((key.to_owned(), value.to_owned()));
            }
        }
        let mut nodes = Vec::new();
        for form in forms {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("form", &form);
            let (path, label) = if new_entry {
                ("/-/methods/new", format!("+ {form}"))
            } else {
                for (key, value) in &filters {
                    query.append_pair(key, value);
                }
                ("/-/methods", form.clone())
            };
            if !nodes.is_empty() {
                nodes.push(Node::Inl(Inl::text(" · ")));
            }
            nodes.push(inline(Atom::Link {
                url: format!("{path}?{}", query.finish()),
                label,
            }));
            self.warn(format!(
                "{{{{{}}}}} became a link to the catalogue of the form {form}{}.",
                action.name,
                if filters.is_empty() || new_entry {
                    ""
                } else {
                    ", with its filters"
                }
            ));
        }
        nodes
    }
}

/// A link to one of coopwiki's special pages, labelled in English: the converter does not
/// know the site's language.
fn special(url: &str, label: &str) -> Vec<Node> {
    vec![inline(Atom::Link {
        url: url.to_owned(),
        label: label.to_owned(),
    })]
}

/// The description of an image: YesWiki's editor fills it with `image NAME (SIZE)`, which
/// says nothing the file name does not; the caption, when there is one, says more.
fn image_description(desc: &str, file: &str, caption: Option<&str>) -> String {
    let desc = desc.trim();
    if let Some(rest) = desc.strip_prefix("image ")
        && rest.ends_with(')')
        && let Some(open) = rest.rfind(" (")
    {
        return caption.unwrap_or(&rest[..open]).trim().to_owned();
    }
    if desc.is_empty() {
        file.to_owned()
    } else {
        desc.to_owned()
    }
}
