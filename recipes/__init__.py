"""The chapters' recipes, importable: one module per chapter, generated from its cells tagged
"recipe" by tools/export_recipes.py (do not edit; change the chapter and run the script).

* ``recipes.simplernn_one_hot``: chapters/04_simplernn_one_hot.ipynb
* ``recipes.embedding_simplernn``: chapters/05_embedding_simplernn.ipynb
* ``recipes.lstm_gru``: chapters/06_lstm_gru.ipynb
* ``recipes.char_language_model``: chapters/07_char_language_model.ipynb
* ``recipes.time_series``: chapters/08_time_series.ipynb
* ``recipes.beyond_the_book``: chapters/09_beyond_the_book.ipynb
* ``recipes.attention_transformer``: chapters/10_attention_transformer.ipynb
* ``recipes.korean_reviews``: chapters/11_korean_reviews.ipynb
* ``recipes.sequence_to_sequence``: chapters/12_sequence_to_sequence.ipynb
"""
