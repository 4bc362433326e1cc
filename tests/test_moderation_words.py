"""The wall's word rules over hundreds of real posts: disguised abuse refused,
British places, ordinary words and period slang taken; the curator's lists;
the same rules on the Z80 programs' path and in ``wall --try``."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from test_emulator_host import request, s

from emulator import lexicon
from emulator.host import Command, HostServices, Status
from emulator.moderation import ALLOWED_FILE, WORDS_FILE, WordList, clean, fold
from emulator.store import PostRefused, open_store
from exhibit.__main__ import main
from exhibit.settings import KioskSettings, SettingsError

DATA = Path(__file__).parent / "data" / "moderation"


def posts(name: str, form: str = "{}") -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [form.format(line) for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def words() -> WordList:
    return WordList()


def refused(words: WordList, texts: list[str]) -> list[str]:
    return [t for t in texts if words.judge(clean(t)).refused]


def test_the_offensive_set_is_refused(words):
    """Goal: at least 98 % of several hundred hostile posts, disguised every way
    the issue names (spaced, punctuated, masked, stretched, look-alike letters,
    plurals, compounds), are refused."""
    texts = posts("offensive.txt")
    assert len(texts) >= 400
    missed = sorted(set(texts) - set(refused(words, texts)))
    assert len(missed) <= 0.02 * len(texts), missed


@pytest.mark.parametrize("name, form", [
    ("innocent.txt", "{}"),
    ("places.txt", "Greetings from {}!"),
    ("period_slang.txt", "{}"),
])
def test_innocent_sets_are_taken(words, name, form):
    """Goal: at most 2 % of innocent posts refused, in each set."""
    texts = posts(name, form)
    assert len(texts) >= 140
    wrong = refused(words, texts)
    assert len(wrong) <= 0.02 * len(texts), wrong


def test_the_offensive_set_holds_every_disguise_the_issue_names():
    """The data is honest: the evasions are in it, not only easy cases."""
    text = (DATA / "offensive.txt").read_text(encoding="utf-8")
    for sample in ("f u c k", "f.u.c.k", "f-u-c-k", "sh*t" if "sh*t" in text else "s**t",
                   "f*ck", "motherfucker", "\u200b", "ｆｕｃｋ", "ѕ", "ı"):
        assert sample in text, sample
    assert re.search(r"([a-z])\1{3,}", text)          # stretched letters


@pytest.mark.parametrize("text", [
    "f u c k", "f.u.c.k", "f-u-c-k", "f_u_c_k", "sh*t", "f**k", "sh!t", "fvck", "$h1t",
    "fuuuuuck", "fuсk",           # Cyrillic с
    "shıt",                        # dotless i
    "ｆｕｃｋ", "𝐟𝐮𝐜𝐤", "fü​ck",  # fullwidth, bold, accent and a zero-width space
    "FUCKING", "fucked", "fuckers", "motherfuckers", "absofuckinglutely", "bitches",
    "wankers", "twats", "tossers", "knobheads", "shithead", "kill yourself", "k y s",
    "you fag", "chinks out", "all trannies should die", "what a prick", "fu ck off",
    "you nonce", "dirty jews", "queer bashing", "gays should die",
])
def test_the_forms_the_issue_names_are_refused(words, text):
    assert words.judge(clean(text)).refused, text


@pytest.mark.parametrize("text", [
    "Scunthorpe", "Penistone", "Sussex", "Clitheroe", "Twatt", "assassin", "classic",
    "cocktail", "therapist", "analyse", "I had a fag at my desk in 1975",
    "the tranny in the typing pool", "a chink of light", "a pin prick",
    "Greetings from Cocking!", "Shiitake mushrooms", "snigger", "Arsenal won",
    "We had a Wang word processor", "Bloody computers, Dad said",
    "A bit of a cock-up with the payroll", "Faggots and peas for tea",
    "My Jewish gran taught me to type", "Gay rights marches in 1972", "a nonce word",
    "The Yiddish word for gossip", "Black and white telly",
])
def test_places_ordinary_words_and_period_slang_are_taken(words, text):
    judgement = words.judge(clean(text))
    assert not judgement.refused, judgement.reason


def test_folding_undoes_lookalikes_accents_and_hidden_characters():
    assert fold("ＦúсκΙ\u200bng") == "fucking"
    assert fold("Shıt") == "shit"


def test_a_reason_names_the_word_and_how_it_was_written(words):
    assert words.judge("you f.u.c.k").reason == 'word "fuck" from the list (written "f.u.c.k")'
    assert words.judge("sh*t").reason == 'masked word "shit" from the list (written "sh*t")'
    assert "read as innocent" in words.judge("a fag at my desk in 1975").notes[0]
    assert words.judge("you tranny").reason == '"tranny" after "you"'


def test_the_curators_lists_add_and_lift_words(tmp_path):
    (tmp_path / WORDS_FILE).write_text("rhubarb  # our word\n", encoding="utf-8")
    (tmp_path / ALLOWED_FILE).write_text("# lifted here\ncrap\nfag\nshit\n", encoding="utf-8")
    plain = WordList()
    ours = WordList.load(tmp_path)
    assert plain.blocked("the crap weather") and ours.blocked("the crap weather") is None
    assert plain.blocked("you fag") and ours.blocked("you fag") is None
    # A lifted root is lifted in every word that holds it.
    assert plain.blocked("shitty") and ours.blocked("shitty") is None
    assert ours.judge("RHUBARB!").reason == ('word "rhubarb" from the data folder\'s '
                                             'blocked_words.txt (written "RHUBARB")')
    assert ours.blocked("r.h.u.b.a.r.b")
    assert ours.blocked("fuck")                       # the rest of the list still applies


def test_an_allowed_place_does_not_lift_the_word_stretched(words):
    assert words.blocked("Twatt") is None
    assert words.blocked("twattttttt") == "twat"


def test_the_z80_programs_posts_meet_the_same_rules(tmp_path):
    """Host services -> PostStore.words: the curator's lists and the disguises apply."""
    (tmp_path / ALLOWED_FILE).write_text("crap\n", encoding="utf-8")
    with open_store(tmp_path) as store:
        host = HostServices(store, board="social")
        status, _ = request(host, Command.CREATE, s(b"Ann") + s(b"you f.u.c.k.i.n.g tw@t"))
        assert status == Status.REFUSED
        status, _ = request(host, Command.CREATE, s(b"Ann") + s(b"crap weather at the conference"))
        assert status == Status.OK
        with pytest.raises(PostRefused):
            store.add("social", "Bo", "s h 1 t")
        assert [p.text for p in store.list("social")] == ["crap weather at the conference"]


def test_profanex_lexicon_still_has_the_shape_we_read():
    """emulator/lexicon.py reads profanex's packaged list; this fails if that changes."""
    banned = lexicon.banned()
    assert len(banned) > 300
    for word in ("fuck", "bollocks", "twat", "wanker", "nigger", "fag", "bloody"):
        assert word in banned, word
    assert "scunthorpe" in lexicon.allowed() and "classic" in lexicon.allowed()
    assert all(isinstance(w, str) and w == w.lower() for w in banned)


def test_wall_try_prints_ok_or_refused_the_reason_and_the_post(tmp_path, capsys, monkeypatch):
    (tmp_path / ALLOWED_FILE).write_text("crap\n", encoding="utf-8")
    assert main(["--data", str(tmp_path), "wall", "--try", "a chink of light"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok\t") and out.endswith("\ta chink of light\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("crap weather\nf**k off\n\n" + "x" * 141 + "\n"))
    assert main(["--data", str(tmp_path), "wall", "--try", "-"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["ok", "refused", "refused"]
    assert lines[1] == 'refused\tmasked word "fuck" from the list (written "f**k")\tf**k off'
    assert lines[2].split("\t")[1] == "The post is 141 characters; 140 fit. Please shorten it."
    assert not (tmp_path / "posts.db").exists()        # trying keeps nothing


def test_the_moderation_setting(tmp_path):
    path = tmp_path / "kiosk.toml"
    assert KioskSettings.load(None).moderation == "after"
    path.write_text('[kiosk]\nmoderation = "before"\n', encoding="utf-8")
    assert KioskSettings.load(path).moderation == "before"
    path.write_text('[kiosk]\nmoderation = "never"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="moderation must be \"after\".* not 'never'"):
        KioskSettings.load(path)
    deploy = Path(__file__).parent.parent / "deploy" / "kiosk.toml"
    assert KioskSettings.load(deploy).moderation == "after"


@pytest.mark.parametrize("text", ["post 455 of the day", "room 455", "call 0800 455 455",
                                  "we met in 1985"])
def test_a_plain_number_is_not_leetspeak(text):
    """Found merging the CLI's pipe test: 'post 455' was refused as 'ass'."""
    assert WordList().blocked(text) is None
