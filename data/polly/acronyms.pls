<?xml version="1.0" encoding="UTF-8"?>
<!-- A pronunciation lexicon (W3C PLS 1.0) written for awsml-study: aliases for acronyms and
     one IPA pronunciation. Polly applies it when a request names it in LexiconNames. -->
<lexicon version="1.0"
         xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>W3C</grapheme>
    <alias>World Wide Web Consortium</alias>
  </lexeme>
  <lexeme>
    <grapheme>AWS</grapheme>
    <alias>Amazon Web Services</alias>
  </lexeme>
  <lexeme>
    <grapheme>SSML</grapheme>
    <alias>speech synthesis markup language</alias>
  </lexeme>
  <lexeme>
    <grapheme>tomato</grapheme>
    <phoneme>təˈmɑːtoʊ</phoneme>
  </lexeme>
</lexicon>
