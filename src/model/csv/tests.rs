//! The CSV reader's tests: dialects, guesses, refusals in words.
use super::*;

fn read(text: &str, x2: bool) -> Result<(Dataset, Summary), CsvError> {
    let table = parse(text)?;
    let (label, x, _) = table.guess();
    let second = if x2 {
        Some(
            (0..table.header.len())
                .find(|&i| i != label && i != x)
                .unwrap(),
        )
    } else {
        None
    };
    table.dataset(label, x, second)
}

#[test]
fn good_files_in_every_dialect() {
    for text in [
        "size,label\n1,0\n2,1\n3,1\n",
        "\u{feff}size;label\r\n1;0\r\n2;1\r\n\r\n3;1\r\n",
        "size\tlabel\n1\tno\n2\tyes\n3\tyes\n",
        "\"size\",\"label\"\n\"1\",\"false\"\n 2 , true\n3,TRUE\n",
    ] {
        let (d, s) = read(text, false).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        assert_eq!(d.x, [1.0, 2.0, 3.0], "{text:?}");
        assert_eq!(d.y, [0.0, 1.0, 1.0], "{text:?}");
        assert_eq!(s.used, 3);
        assert_eq!(d.feature, "size");
    }
}

#[test]
fn any_two_labels_and_which_became_one() {
    let (d, s) = read("x,kind\n1,cat\n2,dog\n3,cat\n", false).unwrap();
    assert_eq!((s.negative.as_str(), s.positive.as_str()), ("cat", "dog"));
    assert_eq!(d.y, [0.0, 1.0, 0.0]);
    let (_, s) = read("x,malignant\n1,benign\n2,malignant\n", false).unwrap();
    assert_eq!(s.positive, "malignant");
}

#[test]
fn rows_with_missing_or_bad_values_are_skipped_and_named() {
    let text = "a,b,label\n1,2,0\n,3,1\nx,4,1\n5,,0\n6,7,\n8,9,1\n10,11,0\n";
    let (d, s) = read(text, true).unwrap();
    assert_eq!(d.x, [1.0, 8.0, 10.0]);
    assert_eq!(d.x2.as_ref().unwrap(), &[2.0, 9.0, 11.0]);
    assert_eq!(s.skipped, 4);
    assert_eq!(
        s.named.iter().map(|k| k.line).collect::<Vec<_>>(),
        [3, 4, 5, 6]
    );
    assert_eq!(s.named[1].value, "x");
    assert_eq!(s.named[3].column, "label");
}

#[test]
fn decimal_commas_in_semicolon_and_tab_files_are_read_as_points() {
    for text in [
        "radius;label\n12,5;1\n8,25;0\n",
        "radius\tlabel\n12,5\t1\n8,25\t0\n",
        "radius;label\n\"12,5\";1\n8.25;0\n",
    ] {
        let (d, s) = read(text, false).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(d.x, [12.5, 8.25], "{text:?}");
        assert_eq!(s.decimal_commas.as_deref(), Some("12,5"), "{text:?}");
    }
    let (_, s) = read("radius;label\n12.5;1\n8;0\n", false).unwrap();
    assert_eq!(s.decimal_commas, None, "points stay points");
    // Not a number for all that: a comma as a thousands mark, or two.
    let (d, s) = read("x;label\n1,2,3;0\n1;1\n2;0\n", false).unwrap();
    assert_eq!((d.x.as_slice(), s.skipped), (&[1.0, 2.0][..], 1));
}

#[test]
fn a_comma_file_with_decimal_commas_says_so() {
    for text in [
        "radius,label\n\"12,5\",1\n\"8,25\",0\n",
        "radius,label\n12,5,1\n8,25,0\n9,5,1\n",
    ] {
        let error = read(text, false).unwrap_err();
        assert!(
            matches!(&error, CsvError::DecimalCommas(v) if v == "12,5"),
            "{text:?}: {error:?}"
        );
        let words = error.to_string();
        assert!(words.contains("decimal commas"), "{words}");
        assert!(words.contains("semicolons"), "{words}");
    }
    // A file that is simply wrong is not blamed on decimal commas.
    assert_eq!(
        read("x,l\nfoo,0\nbar,1\n", false).unwrap_err(),
        CsvError::NoRows
    );
}

#[test]
fn old_mac_line_ends_are_read_like_the_others() {
    for text in [
        "size,label\r1,0\r2,1\r3,1\r",
        "size,label\r1,0\r\r2,1\r\n3,1\n",
    ] {
        let table = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(table.header, ["size", "label"], "{text:?}");
        let (d, _) = read(text, false).unwrap();
        assert_eq!(d.x, [1.0, 2.0, 3.0], "{text:?}");
    }
    let table = parse("size,label\r1,0\r\r2,1\r").unwrap();
    let lines: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [2, 4], "a lone CR ends a line");
}

#[test]
fn quoted_fields_may_hold_separators_newlines_and_doubled_quotes() {
    let text = "name,\"size\nin mm\",label\n\"a \"\"b\"\"\",1,0\n\"two\r\nlines, one field\",2,1\n\"\",3,0\n";
    let table = parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.header, ["name", "size\nin mm", "label"]);
    let fields: Vec<&Vec<String>> = table.rows.iter().map(|(_, f)| f).collect();
    assert_eq!(fields.len(), 3, "{fields:?}");
    assert_eq!(fields[0], &["a \"b\"", "1", "0"]);
    assert_eq!(fields[1], &["two\r\nlines, one field", "2", "1"]);
    assert_eq!(fields[2], &["", "3", "0"]);
    let lines: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [3, 4, 6], "a row is numbered by its first line");
    let (d, _) = table.dataset(2, 1, None).unwrap();
    assert_eq!(d.x, [1.0, 2.0, 3.0]);
    // An unclosed quote names the line it opens on.
    assert_eq!(
        parse("a,b\n1,2\n\"3,4\n5,6\n"),
        Err(CsvError::UnclosedQuote(3))
    );
}

#[test]
fn the_label_is_never_a_feature_and_the_features_differ() {
    let text = "radius,texture,label\n1,5,0\n2,6,1\n3,4,0\n";
    let table = parse(text).unwrap();
    let label_as_x = table.dataset(2, 2, None).unwrap_err();
    assert_eq!(
        label_as_x,
        CsvError::LabelAsFeature {
            column: "label".into(),
            feature: "x"
        }
    );
    assert!(label_as_x.to_string().contains("\"label\""), "{label_as_x}");
    let label_as_x2 = table.dataset(2, 0, Some(2)).unwrap_err();
    assert!(
        matches!(&label_as_x2, CsvError::LabelAsFeature { feature: "x2", .. }),
        "{label_as_x2:?}"
    );
    let same = table.dataset(2, 0, Some(0)).unwrap_err();
    assert_eq!(same, CsvError::SameFeatures("radius".into()));
    assert!(same.to_string().contains("\"radius\""), "{same}");
    // By name, and with the label given and the feature guessed: the
    // guess avoids the label chosen, not only the label guessed.
    assert!(super::read(text, None, Some("label"), None).is_err());
    assert!(super::read(text, None, Some("radius"), Some("RADIUS")).is_err());
    let (d, s) = super::read("sick,size\n1,5\n0,3\n1,7\n", Some("sick"), None, None).unwrap();
    assert_eq!((d.feature.as_str(), s.label.as_str()), ("size", "sick"));
    let (d, _) = super::read(text, None, None, Some("texture")).unwrap();
    assert_eq!(d.feature, "radius");
    // One column cannot be both.
    let one = super::read("label\n0\n1\n", None, None, None).unwrap_err();
    assert_eq!(one, CsvError::OneColumn);
}

#[test]
fn long_column_names_are_shortened_and_still_chosen_by_their_full_name() {
    let long = "r".repeat(5000);
    let text = format!("{long},label\n1,0\n2,1\n");
    let table = parse(&text).unwrap();
    assert_eq!(table.header[0].chars().count(), COLUMN_CHARS);
    assert_eq!(table.column(&long), Ok(0));
    let (d, s) = super::read(&text, None, Some(&long), None).unwrap();
    assert_eq!(d.feature.chars().count(), COLUMN_CHARS);
    assert_eq!(s.shortened, std::slice::from_ref(&d.feature));
    let (_, s) = super::read("x,label\n1,0\n2,1\n", None, None, None).unwrap();
    assert!(s.shortened.is_empty());
}

#[test]
fn bad_files_say_why() {
    assert_eq!(parse(""), Err(CsvError::Empty));
    assert_eq!(parse("\n \n"), Err(CsvError::Empty));
    assert_eq!(parse("a,b\n"), Err(CsvError::HeaderOnly));
    assert_eq!(parse("a\0b\n1"), Err(CsvError::Binary));
    assert!(matches!(
        parse("a,\"b\n1,2"),
        Err(CsvError::UnclosedQuote(1))
    ));
    assert!(
        matches!(read("x,l\n1,a\n2,b\n3,c\n", false), Err(CsvError::TooManyLabels(v)) if v.len() == 3)
    );
    assert_eq!(
        read("x,l\n1,a\n2,a\n", false).unwrap_err(),
        CsvError::OneClass("a".into())
    );
    assert_eq!(
        read("x,l\nfoo,0\nbar,1\n", false).unwrap_err(),
        CsvError::NoRows
    );
    assert!(
        matches!(read("x,l\n1e400,0\n2,1\n3,0\n", false), Ok((d, s)) if d.x == [2.0, 3.0] && s.skipped == 1)
    );
    let big = format!("x,l\n{}", "1,0\n".repeat(MAX_ROWS + 1));
    assert_eq!(parse(&big), Err(CsvError::TooManyRows));
    let table = parse("x,l\n1,0\n").unwrap();
    assert_eq!(
        table.column("nope"),
        Err(CsvError::NoSuchColumn("nope".into()))
    );
    assert_eq!(table.column("L"), Ok(1));
    assert_eq!(table.column("0"), Ok(0));
}
