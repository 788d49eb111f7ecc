"""Chapter 12's recipes (recipes/sequence_to_sequence.py): the date data, the encodings, and
the decoding loops against the training model, on freshly built models with random weights."""

import datetime

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from recipes import sequence_to_sequence as s2s  # noqa: E402

DIGITS = {w: i + 1 for i, w in enumerate("일이삼사오육칠팔구")}
PLACES = {"천": 1000, "백": 100, "십": 10}


def read_sino_korean(words):
    """An independent reader: 이천이십육 -> 2026 (a place word alone counts 1 of it)."""
    total, digit = 0, None
    for w in words:
        if w in DIGITS:
            assert digit is None, f"two digits in a row in {words!r}"
            digit = DIGITS[w]
        else:
            total += (1 if digit is None else digit) * PLACES[w]
            digit = None
    return total + (digit or 0)


def test_every_number_reads_back_and_places_descend():
    for n in range(1, 10_000):
        words = s2s.sino_korean(n)
        assert read_sino_korean(words) == n, (n, words)
        places = [PLACES[w] for w in words if w in PLACES]
        assert places == sorted(places, reverse=True) and len(set(places)) == len(places)
        assert not any(words[i] == "일" and words[i + 1] in PLACES for i in range(len(words) - 1))


def test_dates_in_both_languages():
    assert s2s.korean_date(datetime.date(2026, 7, 12)) == "이천이십육년 칠월 십이일"
    assert s2s.korean_date(datetime.date(1000, 6, 10)) == "천년 유월 십일"
    assert s2s.korean_date(datetime.date(1, 10, 1)) == "일년 시월 일일"
    assert s2s.english_date(datetime.date(1, 10, 1)) == "October 1, 1"
    longest = max((s2s.korean_date(datetime.date(9999, m, d)) for m in (11, 12) for d in (27, 28, 29)),
                  key=len)
    assert len(longest) == s2s.SOURCE_LENGTH
    assert len(s2s.english_date(datetime.date(9999, 9, 29))) + 1 == s2s.TARGET_LENGTH


@pytest.mark.parametrize("call, error, words", [
    (lambda: s2s.sino_korean(0), ValueError, "1 to 9999"),
    (lambda: s2s.sino_korean(10_000), ValueError, "1 to 9999"),
    (lambda: s2s.sino_korean(2.0), TypeError, "whole number"),
    (lambda: s2s.sino_korean(True), TypeError, "whole number"),
    (lambda: s2s.korean_date("2026-07-12"), TypeError, "datetime.date"),
    (lambda: s2s.korean_date(datetime.datetime(2026, 7, 12)), TypeError, "datetime.date"),
    (lambda: s2s.random_dates(0, seed=1), ValueError, "count must be"),
    (lambda: s2s.random_dates(4_000_000, seed=1), ValueError, "count must be"),
])
def test_impossible_requests_are_refused(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_random_dates_are_distinct_and_repeatable():
    a, b = s2s.random_dates(500, seed=3), s2s.random_dates(500, seed=3)
    assert a == b and len(set(a)) == 500 and a != s2s.random_dates(500, seed=4)


def test_split_by_length_holds_the_long_inputs_out():
    sources = [s2s.korean_date(d) for d in s2s.random_dates(3_000, seed=0)]
    train, val, test, long_ = s2s.split_by_length(sources, 1_000, 200, 200)
    lengths = np.char.str_len(np.array(sources))
    assert lengths[np.concatenate([train, val, test])].max() < s2s.LONG <= lengths[long_].min()
    assert len(set(np.concatenate([train, val, test, long_]))) == 1_600
    with pytest.raises(ValueError, match="draw more dates"):
        s2s.split_by_length(sources, 3_000, 200, 200)


@pytest.mark.parametrize("texts, error, words", [
    ([""], ValueError, "empty"),
    (["   "], ValueError, "empty"),
    ([], ValueError, "no sentences"),
    ("이천년 일월 일일", TypeError, "wrap one in a list"),
    (["이천이십육년 칠월 십이일 오후 세시"], ValueError, "at most 17"),
    (["2026년 칠월 십이일"], ValueError, "'2' at position 0"),
])
def test_sentences_the_model_cannot_read_are_refused(texts, error, words):
    with pytest.raises(error, match=words):
        s2s.encode_sources(texts)


def test_target_encoding_is_shifted_by_one_and_decodes_back():
    d_in, d_out = s2s.encode_targets(["May 1, 7", "September 29, 9999"])
    assert d_in[:, 0].tolist() == [s2s.START] * 2
    assert (d_in[1, 1:] == d_out[1, :-1]).all() and d_out[1, -1] == s2s.END
    assert [s2s.decode_target(row) for row in d_out] == ["May 1, 7", "September 29, 9999"]
    with pytest.raises(ValueError, match="needs 20 steps"):
        s2s.encode_targets(["September 29, 99999"])


def random_weights(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()])


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "attention"])
def translator(request):
    keras.utils.set_random_seed(1)
    model = s2s.translator(attention=request.param, units=16, embedding_dim=8)
    random_weights(model, seed=5)
    return model, *s2s.inference_models(model)


SENTENCES = [s2s.korean_date(d) for d in s2s.random_dates(6, seed=11)]


def teacher_forced(model, sentences, outputs):
    """The training model's probabilities when fed `outputs` as the decoder input."""
    d_in = np.zeros((len(outputs), s2s.TARGET_LENGTH), dtype="int32")
    for i, text in enumerate(outputs):
        ids = [s2s.START] + [s2s.TARGET_VOCAB.index(c) for c in text]
        d_in[i, :len(ids)] = ids[:s2s.TARGET_LENGTH]
    probs = keras.ops.convert_to_numpy(model([s2s.encode_sources(sentences), d_in]))
    probs[..., [0, s2s.START]] = 0            # the decoders never write padding or [start]
    return probs


def test_greedy_decoding_agrees_with_the_training_model(translator):
    """Each character greedy decoding writes is the training model's argmax when the model is
    fed that same output: the inference models share the trained layers and the mask."""
    model, encoder, step = translator
    outputs, weights = s2s.greedy_decode(encoder, step, SENTENCES)
    probs = teacher_forced(model, SENTENCES, outputs)
    for i, text in enumerate(outputs):
        ids = [s2s.TARGET_VOCAB.index(c) for c in text]
        assert probs[i, :len(ids)].argmax(-1).tolist() == ids
        if len(ids) < s2s.TARGET_LENGTH:
            assert probs[i, len(ids)].argmax() == s2s.END
    if weights is not None:
        assert weights.shape[:1] == (len(SENTENCES),) and weights.shape[2] == s2s.SOURCE_LENGTH
        assert np.allclose(weights.sum(-1), 1, atol=1e-5)
        lengths = [len(s) for s in SENTENCES]
        for i, n in enumerate(lengths):          # padding gets no attention
            assert np.abs(weights[i, :, n:]).max() < 1e-6


def test_beam_search_scores_are_the_models_log_probabilities(translator):
    model, encoder, step = translator
    sentence = SENTENCES[0]
    beams = s2s.beam_search(encoder, step, sentence, width=3)
    assert 1 <= len(beams) <= 3
    scores = [score for _, score in beams]
    assert scores == sorted(scores, reverse=True)
    assert s2s.beam_search(encoder, step, sentence, width=1)[0][0] == \
        s2s.greedy_decode(encoder, step, [sentence])[0][0]
    for text, score in beams:
        probs = teacher_forced(model, [sentence], [text])[0]
        ids = [s2s.TARGET_VOCAB.index(c) for c in text]
        ended = len(ids) < s2s.TARGET_LENGTH
        path = ids + ([s2s.END] if ended else [])
        expected = sum(np.log(probs[t, i] + 1e-12) for t, i in enumerate(path[:s2s.TARGET_LENGTH]))
        assert score == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("kwargs, words", [
    ({"width": 0}, "width must be"), ({"max_length": 0}, "max_length must be"),
    ({"text": ""}, "empty"), ({"text": "12월"}, "never seen"),
])
def test_decoders_refuse_impossible_requests(translator, kwargs, words):
    _, encoder, step = translator
    args = {"text": SENTENCES[0], **kwargs}
    with pytest.raises(ValueError, match=words):
        s2s.beam_search(encoder, step, **args)
    if "width" not in kwargs:
        greedy_args = {k: v for k, v in args.items() if k != "text"}
        with pytest.raises(ValueError, match=words):
            s2s.greedy_decode(encoder, step, [args["text"]], **greedy_args)
