use super::*;

/// Attachments the tests' import carried: every file but `missing.*`.
fn attachment(name: &str) -> Option<String> {
    (!name.starts_with("missing")).then(|| name.to_owned())
}

/// Forms the tests' import carried: 5 is the methods, 6 the festival programme.
fn form(id: &str) -> Option<String> {
    match id {
        "5" => Some("Method".to_owned()),
        "6" => Some("Programme".to_owned()),
        _ => None,
    }
}

fn convert_page(page: &str, source: &str) -> Converted {
    let cx = Context {
        page,
        attachment: &attachment,
        form: &form,
    };
    convert(source, &cx)
}

fn run(source: &str) -> Converted {
    convert_page("TestPage", source)
}

fn md(source: &str) -> String {
    run(source).markdown
}

/// The Markdown for `source`, checked to be a fixed point of the converter.
#[track_caller]
fn check(source: &str, expected: &str) {
    let out = md(source);
    assert_eq!(out, expected, "converting {source:?}");
    assert_eq!(md(&out), out, "converting the output of {source:?} again");
}

fn html(markdown: &str) -> String {
    crate::markup::render_page(markdown, Some("/TestPage"), "", &|target| {
        Some(crate::markup::ResolvedLink {
            href: format!("/{target}"),
            exists: true,
        })
    })
    .html
}

// Titles

#[test]
fn wakka_titles_from_level_1_to_5() {
    check("======Un======", "# Un\n");
    check("=====Deux=====", "## Deux\n");
    check("====Trois====", "### Trois\n");
    check("===Quatre===", "#### Quatre\n");
    check("==Cinq==", "##### Cinq\n");
}

#[test]
fn wakka_title_text_after_it_is_a_paragraph() {
    check("===T=== suite\nligne", "#### T\n\nsuite\\\nligne\n");
}

#[test]
fn wakka_title_without_closing_run_and_indented() {
    check("====Ouvert", "### Ouvert\n");
    check("  ===Indenté===", "#### Indenté\n");
}

#[test]
fn markdown_titles() {
    check(
        "# Un\n## Deux\n###### Six",
        "# Un\n\n## Deux\n\n###### Six\n",
    );
    check("## Titre ##", "## Titre\n");
}

#[test]
fn equals_in_text_are_text() {
    check("a == b", "a == b\n");
    check("==", "\\==\n");
}

// Emphasis

#[test]
fn bold_italic_underline_strike() {
    check("**gras**", "**gras**\n");
    check("//italique//", "*italique*\n");
    check("__souligné__", "*souligné*\n");
    check("@@barré@@", "~~barré~~\n");
    check("~~barré~~", "~~barré~~\n");
}

#[test]
fn markdown_italics() {
    check("un *mot* ici", "un *mot* ici\n");
    check("un _mot_ ici", "un *mot* ici\n");
    check("bf_titre et bf_date", "bf_titre et bf_date\n");
}

#[test]
fn overlapping_emphasis_is_kept() {
    check("**a //b** c//", "**a *b*** *c*\n");
}

#[test]
fn underline_inside_italics_is_italics() {
    check("//a __b__ c//", "*a b c*\n");
}

#[test]
fn inserted_text_is_plain() {
    check("££ajout££", "ajout\n");
}

#[test]
fn monospace_is_code() {
    check("le code ##4817## ici", "le code `4817` ici\n");
}

#[test]
fn spaces_inside_emphasis_move_outside() {
    check("** gras ** fin", "**gras**  fin\n");
}

#[test]
fn unmatched_delimiters_are_text() {
    check("a ** b", "a \\*\\* b\n");
    check("a // b", "a \\/\\/ b\n");
    // As YesWiki: a `//` after an address's scheme still toggles italics.
    check("http:// et //seul", "http: *et* seul\n");
    check("5 * 3", "5 \\* 3\n");
}

#[test]
fn emphasis_spans_lines_of_a_paragraph() {
    check("**a\nb**", "**a**\\\n**b**\n");
}

// Code

#[test]
fn inline_and_block_code() {
    check("voir %%x = 1%% ici", "voir `x = 1` ici\n");
    check(
        "%%\nligne 1\n  ligne 2\n%%",
        "```\nligne 1\n  ligne 2\n```\n",
    );
    check("%%(php)\n<?php echo 1;\n%%", "```php\n<?php echo 1;\n```\n");
    check("%%seul%%", "```\nseul\n```\n");
}

#[test]
fn backtick_code() {
    check("un `a ** b` c", "un `a ** b` c\n");
    check("`a`b`", "`a`b\\`\n");
}

#[test]
fn code_with_backticks() {
    check("%%a ` b%% c", "``a ` b`` c\n");
    check("%%`a%% c", "`` `a `` c\n");
}

#[test]
fn code_content_is_not_converted() {
    check("%%**a** [[B c]] {{x}}%% d", "`**a** [[B c]] {{x}}` d\n");
}

// Raw HTML

#[test]
fn raw_html_becomes_markdown() {
    check(r#"""<b>x</b>"""#, "**x**\n");
    check(
        r#"""<span style="color:red">rouge</span>"" ici"#,
        "rouge ici\n",
    );
    check(
        r#"""<i>a</i> <u>b</u> <s>c</s> <code>d</code>"""#,
        "*a* *b* ~~c~~ `d`\n",
    );
}

#[test]
fn raw_html_blocks() {
    check(
        r#"avant ""<div class="alert"><b>Astuce :</b> texte</div>"" après"#,
        "avant\n\n**Astuce :** texte\n\naprès\n",
    );
    check(
        r#"""<ul><li>a</li><li>b<ol><li>c</li></ol></li></ul>"""#,
        "- a\n- b\n  1. c\n",
    );
    check(
        r#"""<h2>Titre</h2><p>un</p><p>deux</p>"""#,
        "## Titre\n\nun\n\ndeux\n",
    );
    check(
        r#"""<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"""#,
        "| A | B |\n| --- | --- |\n| 1 | 2 |\n",
    );
    check("\"\"<pre>a\n  b</pre>\"\"", "```\na\n  b\n```\n");
    check(r#"""<blockquote>q</blockquote>"""#, "> q\n");
    check(r#"""a<br>b"""#, "a\\\nb\n");
}

#[test]
fn raw_html_links_and_images() {
    check(
        r#"""<a href="https://example.org/x">site</a>"""#,
        "[site](https://example.org/x)\n",
    );
    check(
        r#"""<a href="?PagePrincipale">accueil</a>"""#,
        "[[PagePrincipale|accueil]]\n",
    );
    check(
        r#"""<img src="https://example.org/a.png" alt="A">"""#,
        "![A](https://example.org/a.png)\n",
    );
    check(
        r#"""<img src="files/TestPage_photo_20240101000000_20240101000000.jpg" alt="P">"""#,
        "![P](attachment:photo.jpg)\n",
    );
}

#[test]
fn raw_html_scripts_and_handlers_are_gone() {
    let out = run(
        r#"""<script>alert(1)</script><b onclick="x()">gras</b><a href="javascript:alert(1)">lien</a>"""#,
    );
    assert_eq!(out.markdown, "**gras**lien\n");
    assert!(
        out.warnings.iter().any(|w| w.contains("<script>")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn raw_html_unknown_elements_leave_their_text() {
    check(
        r#"""<font color="red">a</font> <i class="fas fa-x"></i>b"""#,
        "a b\n",
    );
}

#[test]
fn raw_html_iframe_becomes_a_link() {
    let out = run(r#"""<iframe src="https://video.example/embed/1"></iframe>"""#);
    assert_eq!(
        out.markdown,
        "[https://video.example/embed/1](https://video.example/embed/1)\n"
    );
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn raw_text_keeps_a_camelcase_word_a_word() {
    // YesWiki's advice to stop a WikiWord from linking: `""MotAvecMajuscules""`.
    check(r#"""MonMot"" et MonMot"#, "&#77;onMot et [[MonMot]]\n");
    assert!(html(&md(r#"""MonMot"""#)).contains(">MonMot<"));
}

#[test]
fn raw_html_entities() {
    check(
        r#"""&lt;b&gt; &quot;&quot; &amp;amp;"""#,
        "\\<b> \\\"\\\" \\&amp;\n",
    );
}

#[test]
fn raw_html_too_deep_keeps_its_text() {
    let deep = format!("\"\"{}x{}\"\"", "<div>".repeat(200), "</div>".repeat(200));
    let out = run(&deep);
    assert_eq!(out.markdown, "x\n");
    assert_eq!(out.warnings.len(), 1);
}

// Links

#[test]
fn wakka_links() {
    check(
        "[[BocalAPoissons bocal à poissons]]",
        "[[BocalAPoissons|bocal à poissons]]\n",
    );
    check("[[LAccelerateurDeProjet]]", "[[LAccelerateurDeProjet]]\n");
    check(
        "[[https://exemple.org/scop La SCOP]]",
        "[La SCOP](https://exemple.org/scop)\n",
    );
    check(
        "[[https://exemple.org/x]]",
        "[https://exemple.org/x](https://exemple.org/x)\n",
    );
    check(
        "[[contact@exemple.org]]",
        "[contact@exemple.org](mailto:contact@exemple.org)\n",
    );
}

#[test]
fn wakka_link_with_handler_keeps_the_page() {
    let out = run("[[PagePrincipale/edit modifier]]");
    assert_eq!(out.markdown, "[[PagePrincipale|modifier]]\n");
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn link_to_a_refused_scheme_keeps_its_text() {
    let out = run("[[javascript:alert(1) clic]]");
    assert_eq!(out.markdown, "clic\n");
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn link_labels_are_escaped() {
    check("[[Page a|b]c]]", "[[Page|a\\|b\\]c]]\n");
    check("[[Page **a**]]", "[[Page|\\*\\*a\\*\\*]]\n");
}

#[test]
fn coopwiki_links_read_back() {
    check("[[PageX|la salle]]", "[[PageX|la salle]]\n");
    check("![[CharteDesAnimateurs]]", "![[CharteDesAnimateurs]]\n");
}

#[test]
fn markdown_links_and_images() {
    check(
        "[le site](https://exemple.org/wc)",
        "[le site](https://exemple.org/wc)\n",
    );
    check("[la page](WorldCafe)", "[[WorldCafe|la page]]\n");
    check("[doc](?doc){.newtab}", "[[doc]]\n");
    check(
        "![le café](files/TestPage_worldcafe_20240511100202_20240511102000.png)",
        "![le café](attachment:worldcafe.png)\n",
    );
    check(
        "![x](https://exemple.org/a.png \"titre\")",
        "![x](https://exemple.org/a.png \"titre\")\n",
    );
}

#[test]
fn bare_urls() {
    check(
        "voir https://exemple.org/a.",
        "voir <https://exemple.org/a>.\n",
    );
    check(
        "(https://exemple.org/a_(b))",
        "(<https://exemple.org/a_(b)>)\n",
    );
    check("ftp://exemple.org", "ftp:\\/\\/exemple.org\n");
}

#[test]
fn wiki_words() {
    check("la BoiteAOutils.", "la [[BoiteAOutils]].\n");
    check("CharteDesAnimateurs)", "[[CharteDesAnimateurs]])\n");
    check(
        "Word AB Abc ABc éFooBar FooBaré",
        "Word AB Abc ABc éFooBar &#70;ooBaré\n",
    );
}

#[test]
fn wiki_words_off() {
    let cx = Context {
        page: "P",
        attachment: &attachment,
        form: &form,
    };
    let options = Options { wiki_links: false };
    let out = convert_with("la BoiteAOutils", &cx, options).markdown;
    assert_eq!(out, "la BoiteAOutils\n");
    assert_eq!(convert_with(&out, &cx, options).markdown, out);
}

// Lines, paragraphs, rules

#[test]
fn newlines_are_line_breaks_and_blank_lines_paragraphs() {
    check("a\nb\n\nc", "a\\\nb\n\nc\n");
    check("a\n\n\n\nb", "a\n\nb\n");
}

#[test]
fn forced_break_and_rule() {
    check("a --- b", "a\\\nb\n");
    check("a\n----\nb", "a\n\n----\n\nb\n");
    check("a ---- b", "a\n\n----\n\nb\n");
    check("a -- b", "a -- b\n");
}

#[test]
fn quotes() {
    check("> « Oui » -- lui\nNous", "> « Oui » -- lui\n\nNous\n");
    check("> a\n> b", "> a\\\n> b\n");
    check(">a", "\\>a\n");
}

#[test]
fn comments_are_dropped() {
    let out = run("a {#note#} b");
    assert_eq!(out.markdown, "a  b\n");
    assert_eq!(out.warnings.len(), 1);
}

// Lists

#[test]
fn wakka_lists() {
    check("\t- a\n\t- b\n\t\t- c\n\t- d", "- a\n- b\n  - c\n- d\n");
    check(" - a\n - b", "- a\n- b\n");
    check("\t1) a\n\t2) b", "1. a\n2. b\n");
    check("\ta) a\n\tb) b", "1. a\n2. b\n");
    check("\t1. a\n\t2. b", "1. a\n2. b\n");
}

#[test]
fn markdown_lists() {
    check("- a\n- b\n  - c", "- a\n- b\n  - c\n");
    check("* a\n+ b", "- a\n- b\n");
    check("1. a\n2. b\n   1. c", "1. a\n2. b\n   1. c\n");
}

#[test]
fn list_after_text_and_text_after_list() {
    check("texte\n\t- a\nsuite", "texte\n\n- a\n\nsuite\n");
}

#[test]
fn indented_line_without_marker() {
    check("\t- a\n\t\tsuite", "- a\\\n  suite\n");
    check("\t- a\n\tb", "- a\n- b\n");
    check("\tseul", "seul\n");
}

#[test]
fn ten_items_and_nested_under_them() {
    let source: String = (1..=10).map(|i| format!("1. i{i}\n")).collect::<String>() + "   - sous";
    let out = md(&source);
    assert!(out.ends_with("10. i10\n    - sous\n"), "{out}");
    assert_eq!(md(&out), out);
}

#[test]
fn text_that_looks_like_a_list_is_escaped() {
    check(r#"""- pas une liste"""#, "\\- pas une liste\n");
    check(r#"""1. non"""#, "1\\. non\n");
    check(r##"""# non"""##, "\\# non\n");
}

// Tables

#[test]
fn wakka_tables() {
    check(
        "[|\n|**Atelier**|**Binôme**|\n|World café|Sophie + Camille|\n|]",
        "| **Atelier** | **Binôme** |\n| --- | --- |\n| World café | Sophie + Camille |\n",
    );
    check(
        "[|\n!class=\"x\"!|a|!align=\"right\"!b|\n|c|\n|]",
        "| a | b |\n| --- | --- |\n| c |  |\n",
    );
}

#[test]
fn table_cells_escape_pipes() {
    check(
        r#"""<table><tr><td><code>a|b</code></td><td><a href="?Page">t|x</a></td></tr></table>"""#,
        "| `a\\|b` | [[Page\\|t\\|x]] |\n| --- | --- |\n",
    );
}

#[test]
fn gfm_tables() {
    check(
        "| a | b |\n|---|:-:|\n| 1 | 2 |",
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    );
}

// Actions

#[test]
fn attach_image() {
    let out = run(
        r#"{{attach file="bocal.jpg" desc="image bocal.jpg (31.3kB)" size="big" class="center"}}"#,
    );
    assert_eq!(out.markdown, "![bocal.jpg](attachment:bocal.jpg)\n");
    assert_eq!(
        out.warnings,
        vec![
            "Dropped the size and alignment of the image bocal.jpg (size=big, class=center): coopwiki has no syntax for them yet."
        ]
    );
}

#[test]
fn attach_image_with_caption_and_link() {
    check(
        r#"{{attach file="a.png" desc="Affiche" caption="L'affiche" link="PagePrincipale"}}"#,
        "[![Affiche](attachment:a.png)](/PagePrincipale)\\\n*L'affiche*\n",
    );
}

#[test]
fn attach_file() {
    check(
        r#"La fiche : {{attach file="fiche.pdf" desc="fiche.pdf (1.1kB)"}}"#,
        "La fiche : [fiche.pdf (1.1kB)](attachment:fiche.pdf)\n",
    );
    check(
        r#"{{attach file="son.mp3"}}"#,
        "[son.mp3](attachment:son.mp3)\n",
    );
}

#[test]
fn attach_missing_file_is_kept() {
    let out = run(r#"{{attach file="missing.pdf"}}"#);
    assert_eq!(out.markdown, "`{{attach file=\"missing.pdf\"}}`\n");
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn buttons() {
    check(
        r#"{{button class="btn-primary" link="LeFestival" text="Découvrir" icon="fas fa-seedling"}}"#,
        "[[LeFestival|Découvrir]]\n",
    );
    check(
        r#"{{button link="https://exemple.org" text="Site"}}"#,
        "[Site](https://exemple.org)\n",
    );
    check(
        r#"{{button link="config/root_page" text="Accueil"}}"#,
        "[Accueil](/)\n",
    );
}

#[test]
fn lien() {
    check(
        r#"{{lien lien="PageX" texte="la page"}}"#,
        "[[PageX|la page]]\n",
    );
}

#[test]
fn nav() {
    check(
        r#"{{nav links="LeFestival, Programme" titles="Le festival, Le programme"}}"#,
        "- [[LeFestival|Le festival]]\n- [[Programme|Le programme]]\n",
    );
}

#[test]
fn layout_actions_keep_their_content() {
    check(
        "{{section bgcolor=\"red\"}}\n==T==\ntexte\n{{end elem=\"section\"}}",
        "##### T\n\ntexte\n",
    );
    check(
        "{{grid}}\n{{col size=\"6\"}}\na\n{{end elem=\"col\"}}\n{{col size=\"6\"}}\nb\n{{end elem=\"col\"}}\n{{end elem=\"grid\"}}",
        "a\n\nb\n",
    );
    check(
        "{{label class=\"label-success\"}}Testé{{end elem=\"label\"}} ici",
        "Testé ici\n",
    );
}

#[test]
fn panels_and_tabs_keep_their_titles() {
    check(
        "{{accordion}}\n{{panel title=\"Q1\"}}\nR1\n{{end elem=\"panel\"}}\n{{end elem=\"accordion\"}}",
        "**Q1**\n\nR1\n",
    );
    check(
        "{{tabs titles=\"Un, Deux\"}}\n{{tab}}\na\n{{end elem=\"tab\"}}\n{{tab}}\nb\n{{end elem=\"tab\"}}\n{{end elem=\"tabs\"}}",
        "**Un**\n\na\n\n**Deux**\n\nb\n",
    );
}

#[test]
fn include() {
    check(
        r#"{{include page="CharteDesAnimateurs"}}"#,
        "![[CharteDesAnimateurs]]\n",
    );
    check("{{include}}", "`{{include}}`\n");
}

#[test]
fn old_style_addresses_of_the_wiki() {
    check(
        "[a](?PagePrincipale) [b](wakka.php?wiki=BacASable)",
        "[[PagePrincipale|a]] [[BacASable|b]]\n",
    );
}

#[test]
fn attach_legend() {
    check(
        r#"{{attach file="a.png" desc="A" legend="Légende"}}"#,
        "![A](attachment:a.png)\\\n*Légende*\n",
    );
}

#[test]
fn bazar_lists_link_to_the_catalogue() {
    check(
        r#"{{bazarliste id="5" template="card" query="bf_type=divergence,convergence|bf_taille=1"}}"#,
        "[Method](/-/methods?form=Method&bf_type=divergence&bf_type=convergence&bf_taille=1)\n",
    );
    check(
        r#"{{bazar id="6" vue="saisir" voirmenu="0"}}"#,
        "[+ Programme](/-/methods/new?form=Programme)\n",
    );
    let out = run(r#"{{bazarliste id="9"}}"#);
    assert_eq!(out.markdown, "`{{bazarliste id=\"9\"}}`\n");
    assert_eq!(
        out.warnings,
        vec!["Kept the YesWiki action {{bazarliste}} as code: the Bazar form 9 was not imported."]
    );
    check(
        r#"{{bazarliste id="5,9"}}"#,
        "[Method](/-/methods?form=Method)\n",
    );
}

#[test]
fn special_pages() {
    check(
        r#"{{recentchanges max="5"}}"#,
        "[Recent changes](/-/recent)\n",
    );
    check("{{pageindex}}", "[All pages](/-/pages)\n");
    check("{{textsearch}}", "[Search](/-/search)\n");
    check(
        "{{backlinks}}",
        "[Pages that link here](/TestPage/backlinks)\n",
    );
    check(
        "{{recentchangesrss}}",
        "[Recent changes (Atom feed)](/-/recent.atom)\n",
    );
    check(
        "{{login}} {{UserSettings}}",
        "[Log in](/-/login) [Your account](/-/account)\n",
    );
}

#[test]
fn unknown_actions_are_kept_as_code() {
    let out = run("avant {{calendrier2 id=\"3\"\nx=\"y\"}} après");
    assert_eq!(
        out.markdown,
        "avant `{{calendrier2 id=\"3\" x=\"y\"}}` après\n"
    );
    assert_eq!(
        out.warnings,
        vec!["Kept the YesWiki action {{calendrier2}} as code: coopwiki has no equivalent."]
    );
    check("{{end elem=\"mystere\"}}", "`{{end elem=\"mystere\"}}`\n");
    check("{{}}", "\\{{}}\n");
}

// Escaping

#[test]
fn markdown_syntax_in_text_is_escaped() {
    check("a [b] c", "a \\[b\\] c\n");
    check("a < b > c", "a \\< b > c\n");
    check("a | b", "a \\| b\n");
    check("C:\\Users", "C:\\\\Users\n");
    check("un\\*deux", "un\\*deux\n");
}

#[test]
fn entities_pass_through() {
    check("&eacute;t&eacute; &#60;", "&eacute;t&eacute; &#60;\n");
}

#[test]
fn pounds_stay_pounds() {
    check("10 £", "10 £\n");
}

#[test]
fn empty_and_blank() {
    check("", "");
    check("\n\n  \n", "");
    check("\r\na\r\n", "a\n");
}

// Cases the property tests found

#[test]
fn action_parameter_after_a_wide_character() {
    let out = run("{{a¡=\"x\"}}");
    assert_eq!(out.markdown, "`{{a¡=\"x\"}}`\n");
}

#[test]
fn brace_after_a_link_is_not_its_attributes() {
    check(
        r#"{{attach file="f.pdf"}}{x}"#,
        "[f.pdf](attachment:f.pdf)\\{x}\n",
    );
}

#[test]
fn empty_line_inside_a_quote() {
    check(
        r#"> **---""<ul><li>i</li></ul>"""#,
        "> \\*\\*\\\n> \\\n> i\n",
    );
}

#[test]
fn item_continuation_starting_with_a_dash() {
    check("\t- a\"\"<br>\"\"-b", "- a\\\n  \\-b\n");
}

#[test]
fn monospace_around_empty_raw_html_is_one_code_span() {
    check(r#"##a""""b##"#, "`ab`\n");
}

#[test]
fn link_targets_are_read_as_written() {
    check("[[mot`x texte]]", "[texte](mot%60x)\n");
}

#[test]
fn raw_text_lines_join() {
    check("\"\"a\nb\"\"", "a b\n");
}

#[test]
fn pipe_form_reads_its_target_like_the_other_form() {
    check("[[a@b.c\n|]]", "[a@b.c](mailto:a@b.c)\n");
    check("[[a@b.c|écrire]]", "[écrire](mailto:a@b.c)\n");
}

#[test]
fn ampersand_before_a_protected_word() {
    check(r#"""&amp;PageAbc;"""#, "&&#80;ageAbc;\n");
}

#[test]
fn protected_word_starting_an_item_line() {
    // The fuzzer's find: `)` after a CamelCase word written as `&#80;…` needs no escape.
    check("\t- b\"\"<br>PageAbc) c\"\"", "- b\\\n  &#80;ageAbc) c\n");
}

// Rendering

#[test]
fn converted_pages_render_as_expected() {
    let out =
        md("**Durée :** @@30 minutes@@ 45 à 90 minutes\n//vide// et [[BoiteAOutils la boîte]]");
    let html = html(&out);
    assert!(
        html.contains("<strong>Durée :</strong> <del>30 minutes</del> 45 à 90 minutes<br>"),
        "{html}"
    );
    assert!(html.contains("<em>vide</em>"), "{html}");
    assert!(
        html.contains(r#"<a href="/BoiteAOutils" class="wikilink">la boîte</a>"#),
        "{html}"
    );
}

#[test]
fn attachments_render_from_the_page() {
    let out = md(r#"{{attach file="bocal.jpg" desc="Bocal"}} {{attach file="fiche.pdf"}}"#);
    let html = html(&out);
    assert!(
        html.contains(r#"<img src="/TestPage/attachments/bocal.jpg/thumb/960" alt="Bocal">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/TestPage/attachments/fiche.pdf">fiche.pdf</a>"#),
        "{html}"
    );
}

// Real pages of the YesWiki site in /work/shared/data/yeswiki (MANIFEST.md §3, §10)

#[track_caller]
fn fixture(page: &str, source: &str, expected: &str) {
    let out = convert_page(page, source);
    assert_eq!(out.markdown, expected, "{page}");
    assert_eq!(
        convert_page(page, &out.markdown).markdown,
        out.markdown,
        "{page} twice"
    );
    let rendered = crate::markup::render_page(&out.markdown, Some("/P"), "", &|_| None);
    assert!(!rendered.degraded, "{page}");
}

macro_rules! fixture_test {
    ($name:ident, $page:literal) => {
        #[test]
        fn $name() {
            fixture(
                $page,
                include_str!(concat!("fixtures/", $page, ".yeswiki")),
                include_str!(concat!("fixtures/", $page, ".md")),
            );
        }
    };
}

fixture_test!(page_principale, "PagePrincipale");
fixture_test!(le_festival_co_construire, "LeFestivalCoConstruire");
fixture_test!(bocal_a_poissons, "BocalAPoissons");
fixture_test!(conference_sans_conferencier, "ConferenceSansConferencier");
fixture_test!(espace_animateurs, "EspaceAnimateurs");
fixture_test!(world_cafe, "WorldCafe");
fixture_test!(forum_ouvert, "ForumOuvert");
fixture_test!(accelerateur_de_projet, "AccelerateurDeProjet");
fixture_test!(decision_par_consentement, "DecisionParConsentement");
fixture_test!(compte_rendu_ag_2024, "CompteRenduAG2024");
fixture_test!(infos_pratiques, "InfosPratiques");
fixture_test!(programme_du_festival, "ProgrammeDuFestival");
fixture_test!(page_menu_haut, "PageMenuHaut");
fixture_test!(boite_a_outils, "BoiteAOutils");

// Properties

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Fragments of YesWiki text, and of the Markdown the converter writes.
    fn fragment() -> impl Strategy<Value = String> {
        let fixed = prop::sample::select(vec![
            "**",
            "//",
            "__",
            "@@",
            "~~",
            "##",
            "££",
            "*",
            "_",
            "`",
            "%%",
            "\"\"",
            "---",
            "----",
            "--",
            "==",
            "======",
            "\n",
            "\n\n",
            "\t- ",
            " - ",
            "\t1) ",
            "1. ",
            "- ",
            "> ",
            "# ",
            "## ",
            "[[",
            "]]",
            "|",
            "[|\n",
            "\n|]",
            "{{",
            "}}",
            "{#",
            "#}",
            "[",
            "]",
            "(",
            ")",
            "![",
            "<",
            ">",
            "&amp;",
            "&",
            "\\",
            "\\\n",
            " ",
            "  ",
            "\t",
            "é",
            "£",
            "WikiWord",
            "BoiteAOutils",
            "https://exemple.org/a",
            "a@b.c",
            "mot",
            "x",
            "1",
            ".",
            "!",
            ":",
            "=",
            "-",
            "+",
            "#",
            "```\n",
            "\n```",
            "{{section}}",
            "{{end elem=\"section\"}}",
            "{{attach file=\"a.jpg\" desc=\"A\" caption=\"c\"}}",
            "{{attach file=\"f.pdf\"}}",
            "{{button link=\"PageX\" text=\"Y\"}}",
            "{{nav links=\"A,B\" titles=\"a,b\"}}",
            "{{bazarliste id=\"5\" query=\"k=v\"}}",
            "{{recentchanges}}",
            "{{inconnue a=\"b\"}}",
            "{{tabs titles=\"a,b\"}}",
            "{{tab}}",
            "{{include page=\"Inc\"}}",
            "[[Page texte]]",
            "[[https://x.org t]]",
            "[t](https://x.org)",
            "[t](Page)",
            "![a](files/TestPage_a.png)",
            "\"\"<b>gras</b>\"\"",
            "\"\"<div>bloc</div>\"\"",
            "\"\"<ul><li>i</li></ul>\"\"",
            "\"\"<table><tr><td>c</td></tr></table>\"\"",
            "\"\"<a href=\"?Page\">l</a>\"\"",
            "\"\"<br>\"\"",
            "\"\"<pre>p</pre>\"\"",
            "%%code%%",
            "%%\nbloc\n%%",
            "| a | b |\n|---|---|\n",
            "\"\"PageAbc\"\"",
            "\"\"&amp;\"\"",
            "\"\"1.\"\"",
            "\"\"a)\"\"",
            "\"\"#\"\"",
            "\"\"-\"\"",
            ")",
            ";",
            "\ta) ",
            "\t\t",
            "££",
            "&#70;ooBar",
            "\\*",
            "\\[",
            "\\|",
            "[[P|l\\]]]",
        ]);
        prop_oneof![
            4 => fixed.prop_map(str::to_owned),
            1 => "[a-zA-Z0-9 ]{1,6}",
            1 => any::<char>().prop_map(String::from),
        ]
    }

    fn page() -> impl Strategy<Value = String> {
        prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

        #[test]
        fn converting_twice_changes_nothing(source in page()) {
            let once = md(&source);
            let twice = md(&once);
            prop_assert_eq!(&twice, &once, "source {:?}", source);
        }

        #[test]
        fn never_panics(source in ".{0,400}") {
            let out = md(&source);
            let _ = md(&out);
        }

        #[test]
        fn renders_without_script(source in page()) {
            let out = md(&source);
            let html = crate::markup::render(&out, &|_| None).html.to_ascii_lowercase();
            prop_assert!(!html.contains("<script"), "{}", html);
            let fragment = scraper::Html::parse_fragment(&html);
            for node in fragment.tree.nodes() {
                if let Some(element) = node.value().as_element() {
                    for (name, _) in element.attrs() {
                        prop_assert!(!name.starts_with("on"), "{}", html);
                    }
                }
            }
        }
    }
}

// Cost

#[test]
fn oversized_input_is_kept_as_it_was() {
    let source = "**a** ".repeat(MAX_SOURCE_BYTES / 6 + 1);
    let out = run(&source);
    assert_eq!(out.markdown, source);
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn pathological_inputs_stay_fast() {
    let cases = [
        "\"\"".repeat(50_000),
        "%%".repeat(50_000),
        "[[".repeat(50_000),
        "{{".repeat(50_000),
        "[![a](".repeat(20_000),
        "[a](".repeat(30_000),
        "![a](b \"".repeat(20_000),
        "_a ".repeat(50_000),
        "`` ` ".repeat(30_000),
        "\t- ".repeat(30_000),
        "```\n".repeat(30_000),
        "[|\n".repeat(30_000),
        "**//".repeat(40_000),
        "\"\"<b>x</b>\"\"".repeat(10_000),
        format!("\"\"{}\"\"", "<div>".repeat(20_000)),
        format!("\"\"{}\"\"", "&".repeat(200_000)),
        format!("https://x.org/{}", ")".repeat(200_000)),
        "- a\n".repeat(40_000),
        "a\\\n".repeat(50_000),
        "WikiWord ".repeat(30_000),
    ];
    for case in cases {
        let start = std::time::Instant::now();
        let out = md(&case);
        let again = md(&out);
        assert_eq!(again, out, "{:?}", &case[..40.min(case.len())]);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "{:?} took {:?}",
            &case[..40.min(case.len())],
            start.elapsed()
        );
    }
}
