//! Criterion benchmarks for the core: key derivation and unlock, saving a 20 KB letter (to a
//! durable commit), searching 10,000 letters, listing them, guidance search and content parsing.
//! Run: `cargo bench --bench core`. Figures and method: BENCHMARKS.md.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use grot_core::guide::{library, Lang, Library};
use grot_core::store::letters::{Draft, LetterId, Sort};
use grot_core::store::Store;
use grot_core::vault::{self, KdfParams};
use secrecy::{ExposeSecret, SecretString};

const PASS: &str = "correct horse battery staple";

fn id(n: usize) -> LetterId {
    LetterId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap()
}

fn vault_in(dir: &std::path::Path, params: KdfParams) -> vault::DataKey {
    let pass = SecretString::from(PASS.to_string());
    let pending = vault::begin(&pass, params).unwrap();
    let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
    let key = vault::confirm(dir, pending, &code).unwrap().key;
    drop(Store::create(dir, &key).unwrap());
    key
}

use grot_testsupport::prose::prose as letter_text;

fn unlock(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    vault_in(dir.path(), KdfParams::PASSPHRASE);
    let pass = SecretString::from(PASS.to_string());
    let mut group = c.benchmark_group("unlock");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    group.bench_function("argon2id_default_params", |b| b.iter(|| vault::unlock(dir.path(), &pass, 0).unwrap()));
    group.bench_function("argon2id_and_open_store", |b| {
        b.iter(|| {
            let key = vault::unlock(dir.path(), &pass, 0).unwrap().key;
            Store::open(dir.path(), &key).unwrap()
        })
    });
    group.finish();
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_in(dir.path(), KdfParams::TEST);
    let mut store = Store::open(dir.path(), &key).unwrap();
    let body = letter_text(1, 20 * 1024);
    let mut seq = 0;
    c.bench_function("save_20kb_letter_durable", |b| {
        b.iter_batched(
            || {
                seq += 1;
                // Each save differs, as typing does: the index and the page writes are real.
                Draft { id: id(1), title: "Brief".into(), recipient: "Sam".into(), body: format!("{seq} {body}"), seq }
            },
            |draft| store.save(&draft, draft.seq).unwrap(),
            BatchSize::SmallInput,
        )
    });
}

fn search_and_list(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let key = vault_in(dir.path(), KdfParams::TEST);
    let mut store = Store::open(dir.path(), &key).unwrap();
    for n in 0..10_000 {
        let draft = Draft { id: id(n), title: format!("Brief {n}"), recipient: "Sam".into(), body: letter_text(n, 1500), seq: 1 };
        store.save(&draft, n as i64).unwrap();
    }
    let mut group = c.benchmark_group("letters_10000");
    group.bench_function("search_two_words", |b| b.iter(|| store.search("alleen grot", grot_core::clock::now_ms()).unwrap()));
    group.bench_function("search_prefix", |b| b.iter(|| store.search("terug", grot_core::clock::now_ms()).unwrap()));
    group.bench_function("search_rare_word", |b| b.iter(|| store.search("Brief 9999", grot_core::clock::now_ms()).unwrap()));
    group.bench_function("list_by_update", |b| b.iter(|| store.list(Sort::Updated, grot_core::clock::now_ms()).unwrap()));
    group.finish();
}

fn guide(c: &mut Criterion) {
    let lib = library().unwrap();
    let mut group = c.benchmark_group("guide");
    group.bench_function("search_grot_nl", |b| b.iter(|| lib.search("grot", Lang::Nl).unwrap()));
    group.bench_function("search_two_words_en", |b| b.iter(|| lib.search("cave letter", Lang::En).unwrap()));
    let files: Vec<(String, String)> = ["nl", "en"]
        .iter()
        .map(|l| {
            (format!("grot/{l}.md"), std::fs::read_to_string(format!("{}/../../content/grot/{l}.md", env!("CARGO_MANIFEST_DIR"))).unwrap())
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    group.bench_function("parse_all_content", |b| b.iter(|| Library::parse(&borrowed).unwrap()));
    group.finish();
}

/// A 500 KB letter with a hundred flagged sentences, as the composer sends it after a save.
fn tone(c: &mut Criterion) {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 500 * 1024 {
        n += 1;
        if n % 45 == 0 {
            text.push_str("Jij luistert nooit naar mij. ");
        } else {
            text.push_str("Ik schrijf je dit omdat ik wil dat we weer praten, rustig en zonder haast. 🙂 ");
        }
    }
    let flags = grot_core::tone::check(&text).unwrap().len();
    assert!(flags >= 100, "{flags} flags");
    c.bench_function("tone_check_500kb_100_flags", |b| b.iter(|| grot_core::tone::check(&text).unwrap()));
}

criterion_group!(benches, unlock, save, search_and_list, guide, tone);
criterion_main!(benches);
