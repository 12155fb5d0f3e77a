<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
  <context>
    <name>AgreementDialog</name>
    <message>
      <source>Agreement between coders</source>
      <translation>الاتفاق بين المرمِّزين</translation>
    </message>
    <message>
      <source>&amp;Compute</source>
      <translation>احسب (&amp;C)</translation>
    </message>
    <message>
      <source>Copy as &amp;JSON</source>
      <translation>نسخ بصيغة JSON (&amp;J)</translation>
    </message>
    <message>
      <source>Coders (the articles they finished):</source>
      <translation>المرمِّزون (والمقالات التي أنجزوها):</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>الوسم</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>المرجع</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>الآخر</translation>
    </message>
    <message>
      <source>P exact</source>
      <translation>الدقة P مطابق</translation>
    </message>
    <message>
      <source>R exact</source>
      <translation>الاستدعاء R مطابق</translation>
    </message>
    <message>
      <source>F1 exact</source>
      <translation>مقياس F1 مطابق</translation>
    </message>
    <message>
      <source>P overlap</source>
      <translation>الدقة P بتداخل</translation>
    </message>
    <message>
      <source>R overlap</source>
      <translation>الاستدعاء R بتداخل</translation>
    </message>
    <message>
      <source>F1 overlap</source>
      <translation>مقياس F1 بتداخل</translation>
    </message>
    <message>
      <source>Measure</source>
      <translation>المقياس</translation>
    </message>
    <message>
      <source>Units</source>
      <translation>الوحدات</translation>
    </message>
    <message>
      <source>All agree</source>
      <translation>اتفاق الجميع</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>القيمة</translation>
    </message>
    <message>
      <source>Article</source>
      <translation>المقال</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>المصدر</translation>
    </message>
    <message>
      <source>Kappa</source>
      <translation>كابا</translation>
    </message>
    <message>
      <source>Alpha</source>
      <translation>ألفا</translation>
    </message>
    <message>
      <source>Spans: the second coder against the reference</source>
      <translation>المقاطع: المرمِّز الثاني مقارنةً بالمرجع</translation>
    </message>
    <message>
      <source>Tokens and attributes</source>
      <translation>الكلمات والسمات</translation>
    </message>
    <message>
      <source>&amp;Overall</source>
      <translation>الإجمالي (&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Per article</source>
      <translation>لكل مقال (&amp;P)</translation>
    </message>
    <message>
      <source>Check at least two coders.</source>
      <translation>اختر مرمِّزَين على الأقل.</translation>
    </message>
    <message>
      <source>Computing…</source>
      <translation>جارٍ الحساب…</translation>
    </message>
    <message>
      <source>%1 article(s) finished by at least two of them.</source>
      <translation>عدد المقالات التي أنجزها اثنان منهم على الأقل: %1</translation>
    </message>
    <message>
      <source>%1 (reference) vs %2</source>
      <translation>%1 (المرجع) مقابل %2</translation>
    </message>
    <message>
      <source>Group: %1</source>
      <translation>المجموعة: %1</translation>
    </message>
    <message>
      <source>tokens: Cohen's kappa</source>
      <translation>الكلمات: كابا كوهين</translation>
    </message>
    <message>
      <source>tokens: Fleiss' kappa</source>
      <translation>الكلمات: كابا فلايس</translation>
    </message>
    <message>
      <source>tokens: Krippendorff's alpha (nominal)</source>
      <translation>الكلمات: ألفا كريبندورف (اسمي)</translation>
    </message>
    <message>
      <source>casualty kind: alpha (nominal)</source>
      <translation>نوع الإصابة: ألفا (اسمي)</translation>
    </message>
    <message>
      <source>casualty victim: alpha (nominal)</source>
      <translation>الضحية: ألفا (اسمي)</translation>
    </message>
    <message>
      <source>casualty count: alpha (interval)</source>
      <translation>عدد الضحايا: ألفا (فئوي)</translation>
    </message>
    <message>
      <source>actor id: alpha (nominal)</source>
      <translation>معرّف الفاعل: ألفا (اسمي)</translation>
    </message>
    <message>
      <source>Copied the report as JSON.</source>
      <translation>نُسخ التقرير بصيغة JSON.</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <source>Annotator</source>
      <translation>أداة الترميز</translation>
    </message>
    <message>
      <source>The sample articles were imported without suggestions: the suggester could not read its data. Reinstalling Annotator usually mends this; the details name what is missing.</source>
      <translation>استُوردت المقالات النموذجية بلا اقتراحات: تعذّر على أداة الاقتراح قراءة بياناتها. إعادة تثبيت أداة الترميز تصلح هذا عادةً، والتفاصيل تسمّي ما ينقص.</translation>
    </message>
  </context>
  <context>
    <name>ArticleList</name>
    <message>
      <source>All articles</source>
      <translation>كل المقالات</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>مفتوحة</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>منجزة</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>مؤجلة</translation>
    </message>
    <message>
      <source>Flagged</source>
      <translation>للمراجعة</translation>
    </message>
    <message>
      <source>Assigned to me</source>
      <translation>المُسندة إليّ</translation>
    </message>
  </context>
  <context>
    <name>ArticleListModel</name>
    <message>
      <source>Title</source>
      <translation>العنوان</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>المصدر</translation>
    </message>
    <message>
      <source>State</source>
      <translation>الحالة</translation>
    </message>
    <message>
      <source>To do</source>
      <translation>المتبقي</translation>
    </message>
    <message>
      <source>Coded</source>
      <translation>المرمَّز</translation>
    </message>
    <message>
      <source>open</source>
      <translation>مفتوحة</translation>
    </message>
    <message>
      <source>done</source>
      <translation>منجزة</translation>
    </message>
    <message>
      <source>skipped</source>
      <translation>مؤجلة</translation>
    </message>
    <message>
      <source>flagged</source>
      <translation>للمراجعة</translation>
    </message>
  </context>
  <context>
    <name>CheatSheet</name>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
      <source>Keys</source>
      <translation>المفاتيح</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>الإجراء</translation>
    </message>
    <message>
      <source>In the article, text runs right to left.</source>
      <translation>في المقال يسير النص من اليمين إلى اليسار.</translation>
    </message>
  </context>
  <context>
    <name>CodebookDialog</name>
    <message>
      <source>Codebook</source>
      <translation>دليل الترميز</translation>
    </message>
    <message>
      <source>The codebook cannot be read: %1</source>
      <translation>تعذّرت قراءة دليل الترميز: %1</translation>
    </message>
  </context>
  <context>
    <name>CoderDialog</name>
    <message>
      <source>Coder</source>
      <translation>المرمِّز</translation>
    </message>
    <message>
      <source>Your name</source>
      <translation>اسمك</translation>
    </message>
    <message>
      <source>Who is coding? Each coder's decisions are kept apart.</source>
      <translation>من يرمِّز؟ تُحفظ قرارات كل مرمِّز على حدة.</translation>
    </message>
    <message>
      <source>“%1” is, or looks like, the adjudicated gold layer; a coder needs another name.</source>
      <translation>الاسم «%1» هو اسم الطبقة المعتمدة (بعد الحسم) أو يشبهه؛ اختر اسمًا آخر للمرمِّز.</translation>
    </message>
    <message>
      <source>A name has at most %1 characters.</source>
      <translation>لا يتجاوز الاسم %1 حرفًا.</translation>
    </message>
    <message>
      <source>The name contains an invisible or control character.</source>
      <translation>يحتوي الاسم على محرف خفي أو محرف تحكم.</translation>
    </message>
  </context>
  <context>
    <name>CodingSession</name>
    <message>
      <source>Accept ‘{surface}’</source>
      <translation>قبول ‘{surface}’</translation>
    </message>
    <message>
      <source>Reject ‘{surface}’</source>
      <translation>رفض ‘{surface}’</translation>
    </message>
    <message>
      <source>Remove ‘{surface}’</source>
      <translation>حذف ‘{surface}’</translation>
    </message>
    <message>
      <source>Relabel ‘{surface}’ as {label}</source>
      <translation>إعادة وسم ‘{surface}’ بـ {label}</translation>
    </message>
    <message>
      <source>Grow ‘{surface}’</source>
      <translation>توسيع ‘{surface}’</translation>
    </message>
    <message>
      <source>Shrink ‘{surface}’</source>
      <translation>تضييق ‘{surface}’</translation>
    </message>
    <message>
      <source>Add {label} ‘{surface}’</source>
      <translation>إضافة {label} ‘{surface}’</translation>
    </message>
    <message>
      <source>Edit {field} of ‘{surface}’</source>
      <translation>تعديل {field} في ‘{surface}’</translation>
    </message>
    <message>
      <source>Edit attributes of ‘{surface}’</source>
      <translation>تعديل سمات ‘{surface}’</translation>
    </message>
    <message>
      <source>Accept all ({n})</source>
      <translation>قبول الكل ({n})</translation>
    </message>
    <message>
      <source>Mark done</source>
      <translation>تعليم كمنجز</translation>
    </message>
    <message>
      <source>Skip</source>
      <translation>تأجيل</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>إحالة للمراجعة</translation>
    </message>
    <message>
      <source>Reopen</source>
      <translation>إعادة فتح</translation>
    </message>
    <message>
      <source>count</source>
      <translation>العدد</translation>
    </message>
    <message>
      <source>kind</source>
      <translation>النوع</translation>
    </message>
    <message>
      <source>qualifier</source>
      <translation>الدقة</translation>
    </message>
    <message>
      <source>victim</source>
      <translation>الضحية</translation>
    </message>
    <message>
      <source>actor</source>
      <translation>الفاعل</translation>
    </message>
    <message>
      <source>place</source>
      <translation>المكان</translation>
    </message>
    <message>
      <source>GeoNames id</source>
      <translation>معرّف GeoNames</translation>
    </message>
    <message>
      <source>Replace ‘{old}’ with ‘{surface}’</source>
      <translation>وضع ‘{surface}’ مكان ‘{old}’</translation>
    </message>
    <message>
      <source>Replace {n} spans with ‘{surface}’</source>
      <translation>وضع ‘{surface}’ مكان {n} مقاطع</translation>
    </message>
  </context>
  <context>
    <name>DeskActions</name>
    <message>
      <source>&amp;Next span</source>
      <translation>المقطع التالي (&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Previous span</source>
      <translation>المقطع السابق (&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Accept</source>
      <translation>قبول (&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Reject or remove</source>
      <translation>رفض أو حذف (&amp;R)</translation>
    </message>
    <message>
      <source>Label ACTOR</source>
      <translation>وسم ACTOR (فاعل)</translation>
    </message>
    <message>
      <source>Label PLACE</source>
      <translation>وسم PLACE (مكان)</translation>
    </message>
    <message>
      <source>Label CASUALTY</source>
      <translation>وسم CASUALTY (ضحايا)</translation>
    </message>
    <message>
      <source>Grow at the beginning</source>
      <translation>توسيع من البداية</translation>
    </message>
    <message>
      <source>Grow at the end</source>
      <translation>توسيع من النهاية</translation>
    </message>
    <message>
      <source>Shrink at the beginning</source>
      <translation>تضييق من البداية</translation>
    </message>
    <message>
      <source>Shrink at the end</source>
      <translation>تضييق من النهاية</translation>
    </message>
    <message>
      <source>Grow one character at the beginning</source>
      <translation>توسيع بحرف من البداية</translation>
    </message>
    <message>
      <source>Grow one character at the end</source>
      <translation>توسيع بحرف من النهاية</translation>
    </message>
    <message>
      <source>Shrink one character at the beginning</source>
      <translation>تضييق بحرف من البداية</translation>
    </message>
    <message>
      <source>Shrink one character at the end</source>
      <translation>تضييق بحرف من النهاية</translation>
    </message>
    <message>
      <source>Find in the article…</source>
      <translation>البحث في المقال…</translation>
    </message>
    <message>
      <source>Accept a&amp;ll suggestions</source>
      <translation>قبول كل الاقتراحات (&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Edit attributes</source>
      <translation>تعديل السمات (&amp;E)</translation>
    </message>
    <message>
      <source>Mark &amp;done</source>
      <translation>تعليم كمنجز (&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Skip</source>
      <translation>تأجيل (&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Flag…</source>
      <translation>إحالة للمراجعة… (&amp;F)</translation>
    </message>
    <message>
      <source>Re&amp;open</source>
      <translation>إعادة فتح (&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Next article</source>
      <translation>المقال التالي (&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Previous article</source>
      <translation>المقال السابق (&amp;P)</translation>
    </message>
    <message>
      <source>Go to the article &amp;list</source>
      <translation>الانتقال إلى قائمة المقالات (&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>تراجع (&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>إعادة (&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>اختصارات لوحة المفاتيح (&amp;K)</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>ملف (&amp;F)</translation>
    </message>
    <message>
      <source>Switch &amp;coder…</source>
      <translation>تبديل المرمِّز… (&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>الإعدادات… (&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>خروج (&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>تحرير (&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Span</source>
      <translation>المقطع (&amp;S)</translation>
    </message>
    <message>
      <source>Language and &amp;settings…</source>
      <translation>اللغة والإعدادات… (&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>مساعدة (&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Codebook</source>
      <translation>دليل الترميز (&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Import…</source>
      <translation>استيراد… (&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Export…</source>
      <translation>تصدير… (&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Report…</source>
      <translation>تقرير… (&amp;R)</translation>
    </message>
    <message>
      <source>&amp;History of this span…</source>
      <translation>سجل هذا المقطع… (&amp;H)</translation>
    </message>
    <message>
      <source>Next op&amp;en article</source>
      <translation>المقال المفتوح التالي (&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Review and adjudicate…</source>
      <translation>المراجعة والحسم… (&amp;R)</translation>
    </message>
    <message>
      <source>Ar&amp;ticle</source>
      <translation>المقال (&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Review</source>
      <translation>المراجعة (&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Agreement…</source>
      <translation>الاتفاق… (&amp;A)</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export annotations</source>
      <translation>تصدير الترميز</translation>
    </message>
    <message>
      <source>&amp;Export</source>
      <translation>تصدير (&amp;E)</translation>
    </message>
    <message>
      <source>gold (the adjudicated layer)</source>
      <translation>الطبقة المعتمدة (بعد الحسم)</translation>
    </message>
    <message>
      <source>all layers (one record per article and annotator)</source>
      <translation>كل الطبقات (سجل لكل مقال ومرمِّز)</translation>
    </message>
    <message>
      <source>every article with confirmed spans or marked done</source>
      <translation>كل مقال فيه مقاطع مؤكَّدة أو عُلِّم منجزًا</translation>
    </message>
    <message>
      <source>only articles the annotator marked done</source>
      <translation>فقط المقالات التي علّمها المرمِّز منجزة</translation>
    </message>
    <message>
      <source>only adjudicated articles (gold done)</source>
      <translation>فقط المقالات المحسومة (الطبقة المعتمدة منجزة)</translation>
    </message>
    <message>
      <source>&amp;Format:</source>
      <translation>الصيغة (&amp;F):</translation>
    </message>
    <message>
      <source>&amp;Layer:</source>
      <translation>الطبقة (&amp;L):</translation>
    </message>
    <message>
      <source>&amp;Articles:</source>
      <translation>المقالات (&amp;A):</translation>
    </message>
    <message>
      <source>Save &amp;to:</source>
      <translation>الحفظ في (&amp;T):</translation>
    </message>
    <message>
      <source>Gold JSONL (re-importable)</source>
      <translation>ملف JSONL المعتمد (يُستورد من جديد)</translation>
    </message>
    <message>
      <source>Prodigy JSONL</source>
      <translation>Prodigy JSONL</translation>
    </message>
    <message>
      <source>CoNLL BIO</source>
      <translation>CoNLL BIO</translation>
    </message>
    <message>
      <source>brat standoff (folder)</source>
      <translation>brat standoff (مجلد)</translation>
    </message>
    <message>
      <source>CSV tables (folder)</source>
      <translation>جداول CSV (مجلد)</translation>
    </message>
    <message>
      <source>spaCy DocBin</source>
      <translation>spaCy DocBin</translation>
    </message>
    <message>
      <source>Writes a folder: a new or empty one, or an earlier export, which is replaced.</source>
      <translation>يكتب مجلدًا: جديدًا أو فارغًا، أو تصديرًا سابقًا يُستبدل.</translation>
    </message>
    <message>
      <source>Writes one file; an earlier file of that name is replaced.</source>
      <translation>يكتب ملفًا واحدًا؛ ويُستبدل ملف سابق بالاسم نفسه.</translation>
    </message>
    <message>
      <source>Export to folder</source>
      <translation>التصدير إلى مجلد</translation>
    </message>
    <message>
      <source>Export to file</source>
      <translation>التصدير إلى ملف</translation>
    </message>
    <message>
      <source>Not available here: %1 (%2)</source>
      <translation>غير متاح هنا: %1 (%2)</translation>
    </message>
  </context>
  <context>
    <name>ExportRun</name>
    <message>
      <source>Export</source>
      <translation>التصدير</translation>
    </message>
    <message>
      <source>Exporting %1…</source>
      <translation>جارٍ التصدير بصيغة %1…</translation>
    </message>
    <message>
      <source>Records: %1</source>
      <translation>السجلات: %1</translation>
    </message>
    <message>
      <source>Spans: %1</source>
      <translation>المقاطع: %1</translation>
    </message>
    <message>
      <source>Written to: %1</source>
      <translation>كُتب في: %1</translation>
    </message>
    <message>
      <source>Spans not exported exactly: %1</source>
      <translation>مقاطع لم تُصدَّر بدقة: %1</translation>
    </message>
    <message>
      <source>Tokens split at span edges: %1</source>
      <translation>كلمات قُسمت عند حدود المقاطع: %1</translation>
    </message>
    <message>
      <source>Alignment report: %1</source>
      <translation>تقرير المحاذاة: %1</translation>
    </message>
    <message>
      <source>Nothing to export: no article in this layer and choice.</source>
      <translation>لا شيء للتصدير: لا مقال في هذه الطبقة وهذا الاختيار.</translation>
    </message>
    <message>
      <source>Other layers: %1</source>
      <translation>طبقات أخرى: %1</translation>
    </message>
    <message>
      <source>The export is finished.</source>
      <translation>انتهى التصدير.</translation>
    </message>
    <message>
      <source>The export to %1 failed; nothing was written.</source>
      <translation>فشل التصدير إلى %1؛ لم يُكتب شيء.</translation>
    </message>
    <message>
      <source>The export was cancelled; nothing was written.</source>
      <translation>أُلغي التصدير؛ لم يُكتب شيء.</translation>
    </message>
  </context>
  <context>
    <name>FindBar</name>
    <message>
      <source>Find in the article</source>
      <translation>ابحث في المقال</translation>
    </message>
    <message>
      <source>Not found</source>
      <translation>لا توجد نتيجة</translation>
    </message>
  </context>
  <context>
    <name>FormDialog</name>
    <message>
      <source>&amp;Browse…</source>
      <translation>استعراض… (&amp;B)</translation>
    </message>
  </context>
  <context>
    <name>HistoryDialog</name>
    <message>
      <source>History of the span</source>
      <translation>سجل المقطع</translation>
    </message>
    <message>
      <source>suggested</source>
      <translation>اقتُرح</translation>
    </message>
    <message>
      <source>accepted</source>
      <translation>قُبل</translation>
    </message>
    <message>
      <source>accepted with changes</source>
      <translation>قُبل مع تعديل</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>رُفض</translation>
    </message>
    <message>
      <source>added</source>
      <translation>أُضيف</translation>
    </message>
    <message>
      <source>imported</source>
      <translation>استُورد</translation>
    </message>
    <message>
      <source>changed</source>
      <translation>عُدِّل</translation>
    </message>
    <message>
      <source>deleted</source>
      <translation>حُذف</translation>
    </message>
    <message>
      <source>rejected for gold</source>
      <translation>رُفض في الحسم</translation>
    </message>
    <message>
      <source>rejection for gold undone</source>
      <translation>أُلغي رفضه في الحسم</translation>
    </message>
    <message>
      <source>When</source>
      <translation>متى</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>من</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>الإجراء</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>الطبقة</translation>
    </message>
    <message>
      <source>Span</source>
      <translation>المقطع</translation>
    </message>
    <message>
      <source>Every change to the span, to the suggestion it decides and to gold.</source>
      <translation>كل تغيير على المقطع وعلى الاقتراح الذي يحسمه وعلى الطبقة المعتمدة.</translation>
    </message>
    <message>
      <source>No recorded changes.</source>
      <translation>لا تغييرات مسجَّلة.</translation>
    </message>
    <message>
      <source>suggestions</source>
      <translation>الاقتراحات</translation>
    </message>
    <message>
      <source>gold</source>
      <translation>المعتمدة</translation>
    </message>
  </context>
  <context>
    <name>ImportDialog</name>
    <message>
      <source>Import articles</source>
      <translation>استيراد المقالات</translation>
    </message>
    <message>
      <source>Add f&amp;iles…</source>
      <translation>إضافة ملفات… (&amp;I)</translation>
    </message>
    <message>
      <source>Add f&amp;older…</source>
      <translation>إضافة مجلد… (&amp;O)</translation>
    </message>
    <message>
      <source>each line's annotator, or import</source>
      <translation>مرمِّز كل سطر، وإلا «import»</translation>
    </message>
    <message>
      <source>S&amp;uggest spans for new articles</source>
      <translation>اقتراح مقاطع للمقالات الجديدة (&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Files and folders:</source>
      <translation>الملفات والمجلدات (&amp;F):</translation>
    </message>
    <message>
      <source>&amp;Annotator of gold spans:</source>
      <translation>مرمِّز المقاطع المعتمدة (&amp;A):</translation>
    </message>
    <message>
      <source>I&amp;mport</source>
      <translation>استيراد (&amp;M)</translation>
    </message>
    <message>
      <source>Add files</source>
      <translation>إضافة ملفات</translation>
    </message>
    <message>
      <source>Add a folder</source>
      <translation>إضافة مجلد</translation>
    </message>
    <message>
      <source>One file or folder per line (Ctrl+Enter imports)</source>
      <translation>ملف أو مجلد في كل سطر (Ctrl+Enter للاستيراد)</translation>
    </message>
    <message>
      <source>Reads .txt, .jsonl and .csv files; folders are searched.</source>
      <translation>يقرأ ملفات ‎.txt و‎.jsonl و‎.csv، ويبحث داخل المجلدات.</translation>
    </message>
    <message>
      <source>Articles already in the project are skipped: rerun a stopped import.</source>
      <translation>تُتخطّى المقالات الموجودة في المشروع: أعد تشغيل استيراد توقّف.</translation>
    </message>
  </context>
  <context>
    <name>ImportRun</name>
    <message>
      <source>Import</source>
      <translation>الاستيراد</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>جارٍ الاستيراد…</translation>
    </message>
    <message>
      <source>Articles imported: %1</source>
      <translation>المقالات المستوردة: %1</translation>
    </message>
    <message>
      <source>Already in the project: %1</source>
      <translation>موجودة في المشروع من قبل: %1</translation>
    </message>
    <message>
      <source>Gold spans: %1</source>
      <translation>المقاطع المعتمدة: %1</translation>
    </message>
    <message>
      <source>Suggestions: %1</source>
      <translation>الاقتراحات: %1</translation>
    </message>
    <message>
      <source>Files of other types skipped: %1</source>
      <translation>ملفات من أنواع أخرى تُخطِّيت: %1</translation>
    </message>
    <message>
      <source>Files that failed: %1</source>
      <translation>ملفات تعذّر استيرادها: %1</translation>
    </message>
    <message>
      <source>Stopped early: %1</source>
      <translation>توقف قبل النهاية: %1</translation>
    </message>
    <message>
      <source>The import is finished.</source>
      <translation>انتهى الاستيراد.</translation>
    </message>
    <message>
      <source>Some files were not imported.</source>
      <translation>لم تُستورد بعض الملفات.</translation>
    </message>
    <message>
      <source>The import failed.</source>
      <translation>فشل الاستيراد.</translation>
    </message>
    <message>
      <source>The import stopped after %1 of %2 files.</source>
      <translation>توقف الاستيراد بعد %1 من %2 ملفات.</translation>
    </message>
    <message>
      <source>Those files are in the project; importing again skips them.</source>
      <translation>هذه الملفات في المشروع الآن، والاستيراد من جديد يتخطاها.</translation>
    </message>
  </context>
  <context>
    <name>Legend</name>
    <message>
      <source>Key</source>
      <translation>المفتاح</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>الوسم</translation>
    </message>
    <message>
      <source>Confirmed</source>
      <translation>مؤكَّد</translation>
    </message>
    <message>
      <source>Suggestion</source>
      <translation>اقتراح</translation>
    </message>
    <message>
      <source>outlined: the current span</source>
      <translation>المؤطَّر: المقطع الحالي</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Annotator — %1</source>
      <translation>أداة الترميز — %1</translation>
    </message>
    <message>
      <source>No other article is open for you.</source>
      <translation>لا يوجد مقال مفتوح آخر لك.</translation>
    </message>
    <message>
      <source>No current span: Tab goes to the next one.</source>
      <translation>لا يوجد مقطع حالي: ينتقل Tab إلى المقطع التالي.</translation>
    </message>
    <message>
      <source>The span panel has an edit that cannot be saved yet.</source>
      <translation>في لوحة المقطع تعديل لا يمكن حفظه بعد.</translation>
    </message>
    <message>
      <source>The selection holds no word to label.</source>
      <translation>لا يحوي التحديد كلمة يمكن وسمها.</translation>
    </message>
    <message>
      <source>Changed in another window of the same coder: step dropped, article shown as stored.</source>
      <translation>تغيّر المقال في نافذة أخرى للمرمِّز نفسه: أُسقطت الخطوة، ويُعرض المقال كما هو محفوظ.</translation>
    </message>
    <message>
      <source>Changed in another window of the same coder: shown as stored.</source>
      <translation>تغيّر المقال في نافذة أخرى للمرمِّز نفسه: يُعرض كما هو محفوظ.</translation>
    </message>
  </context>
  <context>
    <name>Messages</name>
    <message>
      <source>A coder needs a name.</source>
      <translation>يحتاج المرمِّز إلى اسم.</translation>
    </message>
    <message>
      <source>‘{name}’ is reserved for the adjudicated gold layer; choose another name.</source>
      <translation>الاسم ‘{name}’ محجوز للطبقة المعتمدة بعد الحسم؛ اختر اسمًا آخر.</translation>
    </message>
    <message>
      <source>No span with id {id}.</source>
      <translation>لا مقطع بالمعرِّف {id}.</translation>
    </message>
    <message>
      <source>Select some text of the article first.</source>
      <translation>حدِّد أولًا نصًا من المقال.</translation>
    </message>
    <message>
      <source>The database is busy: {error}</source>
      <translation>قاعدة البيانات مشغولة: {error}</translation>
    </message>
    <message>
      <source>Database error: {error}</source>
      <translation>خطأ في قاعدة البيانات: {error}</translation>
    </message>
    <message>
      <source>{coder} has no span here; reject all versions instead.</source>
      <translation>ليس للمرمِّز {coder} مقطع هنا؛ ارفض كل النسخ بدلًا من ذلك.</translation>
    </message>
    <message>
      <source>Span {id} is not a gold span.</source>
      <translation>المقطع {id} ليس من الطبقة المعتمدة.</translation>
    </message>
    <message>
      <source>The lead needs a name of their own, not the gold layer's.</source>
      <translation>يحتاج المراجع إلى اسم خاص به، لا اسم الطبقة المعتمدة.</translation>
    </message>
    <message>
      <source>The gold layer is not a coder to compare.</source>
      <translation>الطبقة المعتمدة ليست مرمِّزًا للمقارنة.</translation>
    </message>
    <message>
      <source>The coders' spans here changed since the list was shown; look again.</source>
      <translation>تغيّرت مقاطع المرمِّزين هنا منذ عرض القائمة؛ انظر مجددًا.</translation>
    </message>
    <message>
      <source>Choose at least one coder to review.</source>
      <translation>اختر مرمِّزًا واحدًا على الأقل للمراجعة.</translation>
    </message>
    <message>
      <source>no article with id {id}</source>
      <translation>لا مقال بالمعرِّف {id}</translation>
    </message>
    <message>
      <source>no span with id {id}</source>
      <translation>لا مقطع بالمعرِّف {id}</translation>
    </message>
    <message>
      <source>span {id} belongs to {owner}, not {coder}</source>
      <translation>المقطع {id} يعود إلى {owner}، لا إلى {coder}</translation>
    </message>
    <message>
      <source>span {id} is a rejection; accept its suggestion instead</source>
      <translation>المقطع {id} رفضٌ؛ اقبل اقتراحه بدلًا من ذلك</translation>
    </message>
    <message>
      <source>span {id} is a shared suggestion; reject it instead</source>
      <translation>المقطع {id} اقتراح مشترك؛ ارفضه بدلًا من ذلك</translation>
    </message>
    <message>
      <source>span {id} is not a gold span</source>
      <translation>المقطع {id} ليس من الطبقة المعتمدة</translation>
    </message>
    <message>
      <source>{coder} already has this {label} span</source>
      <translation>لدى المرمِّز {coder} مقطع {label} هذا من قبل</translation>
    </message>
    <message>
      <source>{coder} has no span here; reject all versions instead</source>
      <translation>ليس للمرمِّز {coder} مقطع هنا؛ ارفض كل النسخ بدلًا من ذلك</translation>
    </message>
    <message>
      <source>the coders' spans here changed since the list was shown; look again</source>
      <translation>تغيّرت مقاطع المرمِّزين هنا منذ عرض القائمة؛ انظر مجددًا</translation>
    </message>
    <message>
      <source>the gold layer is not a coder to compare</source>
      <translation>الطبقة المعتمدة ليست مرمِّزًا للمقارنة</translation>
    </message>
    <message>
      <source>an annotator needs a non-empty name</source>
      <translation>يحتاج المرمِّز إلى اسم غير فارغ</translation>
    </message>
    <message>
      <source>{path}: cannot open the database: {error}</source>
      <translation>تعذّر فتح قاعدة البيانات {path}: {error}</translation>
    </message>
    <message>
      <source>{path}: the database is damaged or unreadable: {error}</source>
      <translation>قاعدة البيانات {path} تالفة أو غير مقروءة: {error}</translation>
    </message>
    <message>
      <source>{path}: not an annotator database (not an SQLite file)</source>
      <translation>الملف {path} ليس قاعدة بيانات للمرمِّز (ليس ملف SQLite)</translation>
    </message>
    <message>
      <source>{path}: an SQLite database, but not an annotator project</source>
      <translation>الملف {path} قاعدة بيانات SQLite لكنه ليس مشروع ترميز</translation>
    </message>
    <message>
      <source>{path}: not a file</source>
      <translation>المسار {path} ليس ملفًا</translation>
    </message>
    <message>
      <source>{path}: the folder {folder} does not exist</source>
      <translation>المجلد {folder} غير موجود (لـ {path})</translation>
    </message>
    <message>
      <source>spans {first} and {second} overlap</source>
      <translation>المقطعان {first} و{second} متداخلان</translation>
    </message>
    <message>
      <source>span [{start}, {end}) lies outside the text of length {n}</source>
      <translation>المقطع [{start}، {end}) خارج النص الذي طوله {n}</translation>
    </message>
    <message>
      <source>the spacy format needs spaCy: pip install 'annotator[spacy]' (or pip install spacy); no language model is needed</source>
      <translation>تحتاج صيغة spaCy إلى حزمة spaCy: ثبّتها بالأمر ‎pip install 'annotator[spacy]'‎ (أو ‎pip install spacy‎)؛ لا حاجة إلى نموذج لغوي</translation>
    </message>
    <message>
      <source>{path}: cannot write the export: {error}</source>
      <translation>تعذّرت كتابة التصدير في {path}: {error}</translation>
    </message>
    <message>
      <source>{path}: cannot create the folder: {error}</source>
      <translation>تعذّر إنشاء المجلد {path}: {error}</translation>
    </message>
    <message>
      <source>{path} is a folder; give a file name for this format</source>
      <translation>المسار {path} مجلد؛ أعطِ اسم ملف لهذه الصيغة</translation>
    </message>
    <message>
      <source>{path} is a file; this format writes a folder</source>
      <translation>المسار {path} ملف؛ هذه الصيغة تكتب مجلدًا</translation>
    </message>
  </context>
  <context>
    <name>NewIdQuestion</name>
    <message>
      <source>New actor id</source>
      <translation>معرّف فاعل جديد</translation>
    </message>
    <message>
      <source>‘%1’ is not in the actor catalogue. Store it as a new actor id?</source>
      <translation>المعرّف ‘%1’ ليس في قائمة الفاعلين. أتحفظه معرّفَ فاعلٍ جديدًا؟</translation>
    </message>
  </context>
  <context>
    <name>NoteDialog</name>
    <message>
      <source>Flag the article</source>
      <translation>إحالة المقال للمراجعة</translation>
    </message>
    <message>
      <source>What should the lead look at?</source>
      <translation>ما الذي ينبغي أن يراجعه المشرف؟</translation>
    </message>
    <message>
      <source>Note for the review (Ctrl+Enter saves):</source>
      <translation>ملاحظة للمراجعة (Ctrl+Enter للحفظ):</translation>
    </message>
  </context>
  <context>
    <name>OfflineRetry</name>
    <message>
      <source>Not done: your last decision is not stored yet (offline — retrying).</source>
      <translation>لم يُنفَّذ: قرارك الأخير لم يُحفظ بعد (غير متصل — إعادة المحاولة).</translation>
    </message>
    <message>
      <source>Back online; your last decision could not be stored (see why).</source>
      <translation>عاد الاتصال؛ تعذّر حفظ قرارك الأخير (انظر السبب).</translation>
    </message>
    <message>
      <source>Back online: your last decision is stored.</source>
      <translation>عاد الاتصال: حُفظ قرارك الأخير.</translation>
    </message>
    <message>
      <source>Back online.</source>
      <translation>عاد الاتصال.</translation>
    </message>
    <message>
      <source>Offline — retrying: your last decision is kept and stored when the server answers.</source>
      <translation>غير متصل — إعادة المحاولة: قرارك الأخير مُحتفَظ به وسيُحفظ حين يستجيب الخادم.</translation>
    </message>
    <message>
      <source>Offline — retrying: the team server cannot be reached.</source>
      <translation>غير متصل — إعادة المحاولة: تعذّر الوصول إلى خادم الفريق.</translation>
    </message>
    <message>
      <source>Decision not stored</source>
      <translation>القرار لم يُحفظ</translation>
    </message>
    <message>
      <source>Your last decision is not stored yet: the team server cannot be reached.</source>
      <translation>قرارك الأخير لم يُحفظ بعد: تعذّر الوصول إلى خادم الفريق.</translation>
    </message>
    <message>
      <source>Quit without it, or stay and keep retrying?</source>
      <translation>هل تخرج من دونه، أم تبقى وتواصل إعادة المحاولة؟</translation>
    </message>
    <message>
      <source>&amp;Stay and retry</source>
      <translation>ابقَ وأعِد المحاولة (&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Quit without it</source>
      <translation>اخرج من دونه (&amp;Q)</translation>
    </message>
  </context>
  <context>
    <name>PagedList</name>
    <message>
      <source>Search title or source</source>
      <translation>ابحث في العنوان أو المصدر</translation>
    </message>
  </context>
  <context>
    <name>ProjectGuard</name>
    <message>
      <source>The project file is damaged</source>
      <translation>ملف المشروع تالف</translation>
    </message>
    <message>
      <source>Close the desk and restore the last good backup (annotator restore).</source>
      <translation>أغلق المكتب واسترجع آخر نسخة احتياطية سليمة (annotator restore).</translation>
    </message>
    <message>
      <source>Automatic backup failed</source>
      <translation>فشل النسخ الاحتياطي التلقائي</translation>
    </message>
    <message>
      <source>The project could not be backed up; your work is still saved.</source>
      <translation>تعذّر النسخ الاحتياطي للمشروع؛ عملك ما زال محفوظاً.</translation>
    </message>
  </context>
  <context>
    <name>ReplaceQuestion</name>
    <message>
      <source>Replace spans</source>
      <translation>استبدال مقاطع</translation>
    </message>
    <message>
      <source>This replaces what you already decided: %1</source>
      <translation>هذا يستبدل ما قررته من قبل: %1</translation>
    </message>
    <message>
      <source>Replace them? Undo brings them back.</source>
      <translation>هل تستبدلها؟ التراجع يعيدها.</translation>
    </message>
    <message>
      <source>&amp;Yes, replace</source>
      <translation>نعم، استبدل (&amp;Y)</translation>
    </message>
    <message>
      <source>&amp;No</source>
      <translation>لا (&amp;N)</translation>
    </message>
  </context>
  <context>
    <name>ReportDialog</name>
    <message>
      <source>Project report</source>
      <translation>تقرير المشروع</translation>
    </message>
    <message>
      <source>automatic: per article the adjudicated gold, else the first coder to finish</source>
      <translation>تلقائي: لكل مقالة الطبقة المعتمدة، وإلا أول مرمِّز أنهاها</translation>
    </message>
    <message>
      <source>gold (the adjudicated layer)</source>
      <translation>الطبقة المعتمدة (بعد الحسم)</translation>
    </message>
    <message>
      <source>all coders pooled</source>
      <translation>كل المرمِّزين معًا</translation>
    </message>
    <message>
      <source>&amp;Spans from:</source>
      <translation>المقاطع من (&amp;S):</translation>
    </message>
    <message>
      <source>&amp;Folder:</source>
      <translation>المجلد (&amp;F):</translation>
    </message>
    <message>
      <source>&amp;Write report</source>
      <translation>كتابة التقرير (&amp;W)</translation>
    </message>
    <message>
      <source>Report folder</source>
      <translation>مجلد التقرير</translation>
    </message>
    <message>
      <source>Writes index.html and PNG charts into a new or empty folder.</source>
      <translation>يكتب index.html ورسومًا بيانية PNG في مجلد جديد أو فارغ.</translation>
    </message>
    <message>
      <source>An earlier report in the folder is replaced.</source>
      <translation>يُستبدل تقرير سابق في المجلد.</translation>
    </message>
  </context>
  <context>
    <name>ReportRun</name>
    <message>
      <source>Report</source>
      <translation>التقرير</translation>
    </message>
    <message>
      <source>Writing the report…</source>
      <translation>جارٍ كتابة التقرير…</translation>
    </message>
    <message>
      <source>Page: %1</source>
      <translation>الصفحة: %1</translation>
    </message>
    <message>
      <source>Charts: %1</source>
      <translation>الرسوم البيانية: %1</translation>
    </message>
    <message>
      <source>The report is written.</source>
      <translation>كُتب التقرير.</translation>
    </message>
    <message>
      <source>&amp;Open in the browser</source>
      <translation>فتح في المتصفح (&amp;O)</translation>
    </message>
    <message>
      <source>The report in %1 could not be written; nothing was changed.</source>
      <translation>تعذّرت كتابة التقرير في %1؛ لم يتغير شيء.</translation>
    </message>
    <message>
      <source>The report was cancelled; nothing was written.</source>
      <translation>أُلغي التقرير؛ لم يُكتب شيء.</translation>
    </message>
  </context>
  <context>
    <name>ReviewActions</name>
    <message>
      <source>&amp;Next item</source>
      <translation>البند التالي (&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Previous item</source>
      <translation>البند السابق (&amp;P)</translation>
    </message>
    <message>
      <source>Next item &amp;to decide</source>
      <translation>البند التالي للحسم (&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Accept the agreed item</source>
      <translation>قبول البند المتفق عليه (&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Reject all versions</source>
      <translation>رفض كل النسخ (&amp;R)</translation>
    </message>
    <message>
      <source>Re&amp;open the item</source>
      <translation>إعادة فتح البند (&amp;O)</translation>
    </message>
    <message>
      <source>Accept all a&amp;greed spans</source>
      <translation>قبول كل المقاطع المتفق عليها (&amp;G)</translation>
    </message>
    <message>
      <source>Gold ACTOR</source>
      <translation>معتمد ACTOR (فاعل)</translation>
    </message>
    <message>
      <source>Gold PLACE</source>
      <translation>معتمد PLACE (مكان)</translation>
    </message>
    <message>
      <source>Gold CASUALTY</source>
      <translation>معتمد CASUALTY (ضحايا)</translation>
    </message>
    <message>
      <source>Grow the gold span at the beginning</source>
      <translation>توسيع المقطع المعتمد من البداية</translation>
    </message>
    <message>
      <source>Grow the gold span at the end</source>
      <translation>توسيع المقطع المعتمد من النهاية</translation>
    </message>
    <message>
      <source>Shrink the gold span at the beginning</source>
      <translation>تضييق المقطع المعتمد من البداية</translation>
    </message>
    <message>
      <source>Shrink the gold span at the end</source>
      <translation>تضييق المقطع المعتمد من النهاية</translation>
    </message>
    <message>
      <source>&amp;Edit the gold span's attributes</source>
      <translation>تعديل سمات المقطع المعتمد (&amp;E)</translation>
    </message>
    <message>
      <source>&amp;History of this span…</source>
      <translation>سجل هذا المقطع… (&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Next article to adjudicate</source>
      <translation>المقال التالي للحسم (&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Previous article to adjudicate</source>
      <translation>المقال السابق للحسم (&amp;P)</translation>
    </message>
    <message>
      <source>Next article</source>
      <translation>المقال التالي</translation>
    </message>
    <message>
      <source>Previous article</source>
      <translation>المقال السابق</translation>
    </message>
    <message>
      <source>Go to the article &amp;list</source>
      <translation>الانتقال إلى قائمة المقالات (&amp;L)</translation>
    </message>
    <message>
      <source>Choose the &amp;coders to compare</source>
      <translation>اختيار المرمِّزين للمقارنة (&amp;C)</translation>
    </message>
    <message>
      <source>A&amp;greement…</source>
      <translation>الاتفاق… (&amp;G)</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>إغلاق (&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>تراجع (&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>إعادة (&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>اختصارات لوحة المفاتيح (&amp;K)</translation>
    </message>
    <message>
      <source>Take coder %1’s version</source>
      <translation>اعتماد نسخة المرمِّز %1</translation>
    </message>
    <message>
      <source>Take %1’s version</source>
      <translation>اعتماد نسخة %1</translation>
    </message>
    <message>
      <source>Ar&amp;ticle</source>
      <translation>المقال (&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>تحرير (&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Item</source>
      <translation>البند (&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>مساعدة (&amp;H)</translation>
    </message>
  </context>
  <context>
    <name>ReviewArticleList</name>
    <message>
      <source>anyone</source>
      <translation>أي مرمِّز</translation>
    </message>
    <message>
      <source>Coded &amp;by</source>
      <translation>رمَّزه (&amp;B)</translation>
    </message>
    <message>
      <source>Done by at &amp;least</source>
      <translation>أنجزه على الأقل (&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Disagreements</source>
      <translation>اختلافات (&amp;D)</translation>
    </message>
    <message>
      <source>Fla&amp;gged</source>
      <translation>محال للمراجعة (&amp;G)</translation>
    </message>
    <message>
      <source>Ad&amp;judicated</source>
      <translation>محسوم (&amp;J)</translation>
    </message>
    <message>
      <source>&amp;Search</source>
      <translation>بحث (&amp;S)</translation>
    </message>
    <message>
      <source>any</source>
      <translation>الكل</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>نعم</translation>
    </message>
    <message>
      <source>no</source>
      <translation>لا</translation>
    </message>
  </context>
  <context>
    <name>ReviewListModel</name>
    <message>
      <source>Title</source>
      <translation>العنوان</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>المصدر</translation>
    </message>
    <message>
      <source>Done by</source>
      <translation>أنجزه</translation>
    </message>
    <message>
      <source>Gold</source>
      <translation>المعتمد</translation>
    </message>
    <message>
      <source>adjudicated</source>
      <translation>محسوم</translation>
    </message>
  </context>
  <context>
    <name>ReviewPanel</name>
    <message>
      <source>Coders compared</source>
      <translation>المرمِّزون المقارَنون</translation>
    </message>
    <message>
      <source>Coders who &amp;finished each article</source>
      <translation>من أنجز كل مقال من المرمِّزين (&amp;F)</translation>
    </message>
    <message>
      <source>Gold span</source>
      <translation>المقطع المعتمد</translation>
    </message>
    <message>
      <source>Your choice, on every article.</source>
      <translation>اختيارك، في كل المقالات.</translation>
    </message>
    <message>
      <source>The coders who finished this article.</source>
      <translation>المرمِّزون الذين أنجزوا هذا المقال.</translation>
    </message>
  </context>
  <context>
    <name>ReviewSession</name>
    <message>
      <source>Take {coder}’s version of ‘{surface}’</source>
      <translation>اعتماد نسخة {coder} من ‘{surface}’</translation>
    </message>
    <message>
      <source>Reject all versions of ‘{surface}’</source>
      <translation>رفض كل نسخ ‘{surface}’</translation>
    </message>
    <message>
      <source>Reopen ‘{surface}’</source>
      <translation>إعادة فتح ‘{surface}’</translation>
    </message>
    <message>
      <source>Accept agreed spans ({n})</source>
      <translation>قبول المقاطع المتفق عليها ({n})</translation>
    </message>
    <message>
      <source>Add gold {label} ‘{surface}’</source>
      <translation>إضافة {label} معتمد ‘{surface}’</translation>
    </message>
    <message>
      <source>Edit gold ‘{surface}’</source>
      <translation>تعديل المعتمد ‘{surface}’</translation>
    </message>
    <message>
      <source>Remove gold ‘{surface}’</source>
      <translation>حذف المعتمد ‘{surface}’</translation>
    </message>
  </context>
  <context>
    <name>ReviewTable</name>
    <message>
      <source>missing span</source>
      <translation>مقطع ناقص</translation>
    </message>
    <message>
      <source>different label</source>
      <translation>وسم مختلف</translation>
    </message>
    <message>
      <source>different boundaries</source>
      <translation>حدود مختلفة</translation>
    </message>
    <message>
      <source>different attributes</source>
      <translation>سمات مختلفة</translation>
    </message>
    <message>
      <source>agreed</source>
      <translation>متفق عليه</translation>
    </message>
    <message>
      <source>added by the lead</source>
      <translation>أضافه المشرف</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>مرفوض</translation>
    </message>
    <message>
      <source>open</source>
      <translation>مفتوح</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>النوع</translation>
    </message>
    <message>
      <source>Gold</source>
      <translation>المعتمد</translation>
    </message>
  </context>
  <context>
    <name>ReviewWindow</name>
    <message>
      <source>Item %1 of %2: %3</source>
      <translation>البند %1 من %2: %3</translation>
    </message>
    <message>
      <source>No article.</source>
      <translation>لا مقال.</translation>
    </message>
    <message>
      <source>No coder finished this article: check the coders to compare.</source>
      <translation>لم يُنجز أي مرمِّز هذا المقال: اختر المرمِّزين للمقارنة.</translation>
    </message>
    <message>
      <source>No spans in this article. Ctrl+Shift+A marks it adjudicated.</source>
      <translation>لا مقاطع في هذا المقال. يعلّمه Ctrl+Shift+A محسومًا.</translation>
    </message>
    <message>
      <source>R: reject all · Backspace: reopen · E: gold attributes</source>
      <translation>رفض الكل R · إعادة الفتح Backspace · السمات المعتمدة E</translation>
    </message>
    <message>
      <source>A gold span no coder marked. R removes it.</source>
      <translation>مقطع معتمد لم يعلّمه أي مرمِّز. يحذفه R.</translation>
    </message>
    <message>
      <source>Nothing left to decide in this article.</source>
      <translation>لم يبق شيء للحسم في هذا المقال.</translation>
    </message>
    <message>
      <source>Adjudicated %1 / %2</source>
      <translation>المحسوم %1 / %2</translation>
    </message>
    <message>
      <source>Comparing: %1</source>
      <translation>المقارنة: %1</translation>
    </message>
    <message>
      <source>%1 item(s) to decide · Alt+1 … take a version · R reject all · Ctrl+Shift+A accept agreed · F1 all keys</source>
      <translation>بنود للحسم: %1 · اعتماد نسخة Alt+1 … · رفض الكل R · قبول المتفق عليه Ctrl+Shift+A · كل المفاتيح F1</translation>
    </message>
    <message>
      <source>Nothing left to decide · Ctrl+PgDown: next article to adjudicate</source>
      <translation>لم يبق شيء للحسم · المقال التالي للحسم Ctrl+PgDown</translation>
    </message>
    <message>
      <source>No current item: Tab goes to the next one.</source>
      <translation>لا يوجد بند حالي: ينتقل Tab إلى البند التالي.</translation>
    </message>
    <message>
      <source>This gold span has no coders' versions to decide.</source>
      <translation>ليس لهذا المقطع المعتمد نسخ مرمِّزين للحسم.</translation>
    </message>
    <message>
      <source>There is no coder %1 here.</source>
      <translation>لا يوجد هنا مرمِّز رقمه %1.</translation>
    </message>
    <message>
      <source>%1 has no span here: R rejects all versions.</source>
      <translation>ليس لـ %1 مقطع هنا: يرفض R كل النسخ.</translation>
    </message>
    <message>
      <source>The coders disagree here: Alt+1, Alt+2 … take a version.</source>
      <translation>يختلف المرمِّزون هنا: يعتمد Alt+1 وAlt+2 … نسخة.</translation>
    </message>
    <message>
      <source>Check the coders to compare first.</source>
      <translation>اختر أولًا المرمِّزين للمقارنة.</translation>
    </message>
    <message>
      <source>No gold span here: take a version (Alt+1 …) or select text.</source>
      <translation>لا مقطع معتمد هنا: اعتمد نسخة (Alt+1 …) أو حدِّد نصًّا.</translation>
    </message>
    <message>
      <source>Adjudicated. Ctrl+PgDown: next article to adjudicate.</source>
      <translation>حُسم المقال. المقال التالي للحسم Ctrl+PgDown.</translation>
    </message>
    <message>
      <source>Review and adjudication</source>
      <translation>المراجعة والحسم</translation>
    </message>
    <message>
      <source>No article matches the filters.</source>
      <translation>لا مقال يطابق عوامل التصفية.</translation>
    </message>
    <message>
      <source>Review — %1</source>
      <translation>المراجعة — %1</translation>
    </message>
    <message>
      <source>No other article in the list is left to adjudicate.</source>
      <translation>لم يبق في القائمة مقال آخر للحسم.</translation>
    </message>
    <message>
      <source>Review keys</source>
      <translation>مفاتيح المراجعة</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>الإعدادات</translation>
    </message>
    <message>
      <source>System language</source>
      <translation>لغة النظام</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>اللغة (&amp;L)</translation>
    </message>
    <message>
      <source>Article &amp;font size</source>
      <translation>حجم خط المقال (&amp;F)</translation>
    </message>
    <message>
      <source>A new language applies when the app starts again.</source>
      <translation>تُطبَّق اللغة الجديدة عند تشغيل التطبيق من جديد.</translation>
    </message>
  </context>
  <context>
    <name>Shortcuts</name>
    <message>
      <source>Go to the next span (in reading order)</source>
      <translation>الانتقال إلى المقطع التالي (بترتيب القراءة)</translation>
    </message>
    <message>
      <source>Go to the previous span</source>
      <translation>الانتقال إلى المقطع السابق</translation>
    </message>
    <message>
      <source>Accept the current suggestion</source>
      <translation>قبول الاقتراح الحالي</translation>
    </message>
    <message>
      <source>Reject the current suggestion, or remove the current span</source>
      <translation>رفض الاقتراح الحالي أو حذف المقطع الحالي</translation>
    </message>
    <message>
      <source>ACTOR: label the selection, or relabel the current span</source>
      <translation>وسم ACTOR (فاعل) للنص المحدد أو إعادة وسم المقطع الحالي</translation>
    </message>
    <message>
      <source>PLACE: label the selection, or relabel the current span</source>
      <translation>وسم PLACE (مكان) للنص المحدد أو إعادة وسم المقطع الحالي</translation>
    </message>
    <message>
      <source>CASUALTY: label the selection, or relabel the current span</source>
      <translation>وسم CASUALTY (ضحايا) للنص المحدد أو إعادة وسم المقطع الحالي</translation>
    </message>
    <message>
      <source>Grow the current span by one word at its beginning (its right edge moves right)</source>
      <translation>توسيع المقطع الحالي بكلمة من بدايته (تتحرك حافته اليمنى يمينًا)</translation>
    </message>
    <message>
      <source>Grow the current span by one word at its end (its left edge moves left)</source>
      <translation>توسيع المقطع الحالي بكلمة من نهايته (تتحرك حافته اليسرى يسارًا)</translation>
    </message>
    <message>
      <source>Drop the first word of the current span (its right edge moves left)</source>
      <translation>حذف الكلمة الأولى من المقطع الحالي (تتحرك حافته اليمنى يسارًا)</translation>
    </message>
    <message>
      <source>Drop the last word of the current span (its left edge moves right)</source>
      <translation>حذف الكلمة الأخيرة من المقطع الحالي (تتحرك حافته اليسرى يمينًا)</translation>
    </message>
    <message>
      <source>Grow the current span by one character at its beginning (right edge)</source>
      <translation>توسيع المقطع الحالي بحرف من بدايته (الحافة اليمنى)</translation>
    </message>
    <message>
      <source>Grow the current span by one character at its end (left edge)</source>
      <translation>توسيع المقطع الحالي بحرف من نهايته (الحافة اليسرى)</translation>
    </message>
    <message>
      <source>Drop one character at the beginning of the current span (right edge)</source>
      <translation>حذف حرف من بداية المقطع الحالي (الحافة اليمنى)</translation>
    </message>
    <message>
      <source>Drop one character at the end of the current span (left edge)</source>
      <translation>حذف حرف من نهاية المقطع الحالي (الحافة اليسرى)</translation>
    </message>
    <message>
      <source>Find a word in the article: type, Enter selects the next match, Esc returns</source>
      <translation>البحث عن كلمة في المقال: اكتب، فيحدد Enter النتيجة التالية، ويعود Esc</translation>
    </message>
    <message>
      <source>Accept all remaining suggestions in this article</source>
      <translation>قبول كل الاقتراحات الباقية في هذا المقال</translation>
    </message>
    <message>
      <source>Show the history of the current span: who did what, and when</source>
      <translation>عرض سجل المقطع الحالي: من فعل ماذا ومتى</translation>
    </message>
    <message>
      <source>Edit the current span's attributes in the side panel</source>
      <translation>تعديل سمات المقطع الحالي في اللوحة الجانبية</translation>
    </message>
    <message>
      <source>Mark the article done and open the next one</source>
      <translation>تعليم المقال كمنجز وفتح التالي</translation>
    </message>
    <message>
      <source>Skip the article (leave it for later)</source>
      <translation>تأجيل المقال (لوقت لاحق)</translation>
    </message>
    <message>
      <source>Flag the article for review, with a note</source>
      <translation>إحالة المقال للمراجعة مع ملاحظة</translation>
    </message>
    <message>
      <source>Next article</source>
      <translation>المقال التالي</translation>
    </message>
    <message>
      <source>Previous article</source>
      <translation>المقال السابق</translation>
    </message>
    <message>
      <source>Go to the article list (Enter opens the article, Escape returns)</source>
      <translation>الانتقال إلى قائمة المقالات (يفتح Enter المقال ويعود Escape)</translation>
    </message>
    <message>
      <source>Open the review and adjudication window</source>
      <translation>فتح نافذة المراجعة والحسم</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>تراجع</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>إعادة</translation>
    </message>
    <message>
      <source>Larger article text</source>
      <translation>تكبير نص المقال</translation>
    </message>
    <message>
      <source>Smaller article text</source>
      <translation>تصغير نص المقال</translation>
    </message>
    <message>
      <source>Article text at its default size</source>
      <translation>نص المقال بحجمه الافتراضي</translation>
    </message>
    <message>
      <source>Show this list of shortcuts</source>
      <translation>عرض قائمة الاختصارات هذه</translation>
    </message>
    <message>
      <source>Select a character (Shift+Left reads on, Shift+Right back)</source>
      <translation>تحديد حرف (يتقدم Shift+Left في القراءة ويرجع Shift+Right)</translation>
    </message>
    <message>
      <source>Select a word (Ctrl+Shift+Right: back a word)</source>
      <translation>تحديد كلمة (يرجع Ctrl+Shift+Right كلمة)</translation>
    </message>
    <message>
      <source>Move the caret; Left goes forward in Arabic text</source>
      <translation>تحريك المؤشر؛ يتقدم Left في النص العربي</translation>
    </message>
    <message>
      <source>In the span panel: save and go back to the article</source>
      <translation>في لوحة المقطع: الحفظ والعودة إلى المقال</translation>
    </message>
    <message>
      <source>In the span panel: next field</source>
      <translation>في لوحة المقطع: الحقل التالي</translation>
    </message>
    <message>
      <source>In the find bar: select the next match (Shift: previous)</source>
      <translation>في شريط البحث: تحديد النتيجة التالية (مع Shift: السابقة)</translation>
    </message>
    <message>
      <source>In the find bar: close it and go back to the article</source>
      <translation>في شريط البحث: إغلاقه والعودة إلى المقال</translation>
    </message>
    <message>
      <source>Quit (decisions are saved as you go)</source>
      <translation>خروج (القرارات محفوظة أولًا بأول)</translation>
    </message>
    <message>
      <source>In the span panel: go to the field “%1”</source>
      <translation>في لوحة المقطع: الانتقال إلى الحقل «%1»</translation>
    </message>
    <message>
      <source>Spans</source>
      <translation>المقاطع</translation>
    </message>
    <message>
      <source>Labels</source>
      <translation>الوسوم</translation>
    </message>
    <message>
      <source>Span edges</source>
      <translation>حواف المقاطع</translation>
    </message>
    <message>
      <source>Find</source>
      <translation>البحث</translation>
    </message>
    <message>
      <source>Articles</source>
      <translation>المقالات</translation>
    </message>
    <message>
      <source>View</source>
      <translation>العرض</translation>
    </message>
    <message>
      <source>Selecting text</source>
      <translation>تحديد النص</translation>
    </message>
    <message>
      <source>Go to the next item (the coders' overlapping spans, in reading order)</source>
      <translation>الانتقال إلى البند التالي (مقاطع المرمِّزين المتداخلة، بترتيب القراءة)</translation>
    </message>
    <message>
      <source>Go to the previous item</source>
      <translation>الانتقال إلى البند السابق</translation>
    </message>
    <message>
      <source>Go to the next item still to decide</source>
      <translation>الانتقال إلى البند التالي الذي لم يُحسم</translation>
    </message>
    <message>
      <source>Take coder %n’s version of the current item into gold</source>
      <translation>اعتماد نسخة المرمِّز %n من البند الحالي</translation>
    </message>
    <message>
      <source>Accept the current item into gold when the coders agree, or keep its decision; then the next item to decide</source>
      <translation>اعتماد البند الحالي إن اتفق المرمِّزون عليه، أو إبقاء ما تقرّر فيه؛ ثم البند التالي الذي لم يُقرَّر</translation>
    </message>
    <message>
      <source>Reject all versions of the current item, or remove a gold span</source>
      <translation>رفض كل نسخ البند الحالي أو حذف مقطع معتمد</translation>
    </message>
    <message>
      <source>Reopen the current item: forget the decision on it</source>
      <translation>إعادة فتح البند الحالي: إلغاء الحسم فيه</translation>
    </message>
    <message>
      <source>Accept every span all coders agree on into gold</source>
      <translation>اعتماد كل مقطع اتفق عليه جميع المرمِّزين</translation>
    </message>
    <message>
      <source>ACTOR: the selection becomes gold, or relabel the current gold span</source>
      <translation>وسم ACTOR (فاعل): يصير النص المحدد معتمدًا أو يُعاد وسم المقطع المعتمد الحالي</translation>
    </message>
    <message>
      <source>PLACE: the selection becomes gold, or relabel the current gold span</source>
      <translation>وسم PLACE (مكان): يصير النص المحدد معتمدًا أو يُعاد وسم المقطع المعتمد الحالي</translation>
    </message>
    <message>
      <source>CASUALTY: the selection becomes gold, or relabel the current gold span</source>
      <translation>وسم CASUALTY (ضحايا): يصير النص المحدد معتمدًا أو يُعاد وسم المقطع المعتمد الحالي</translation>
    </message>
    <message>
      <source>Edit the current gold span's attributes in the side panel</source>
      <translation>تعديل سمات المقطع المعتمد الحالي في اللوحة الجانبية</translation>
    </message>
    <message>
      <source>Next article in the list not adjudicated yet</source>
      <translation>المقال التالي في القائمة الذي لم يُحسم بعد</translation>
    </message>
    <message>
      <source>Previous article in the list not adjudicated yet</source>
      <translation>المقال السابق في القائمة الذي لم يُحسم بعد</translation>
    </message>
    <message>
      <source>Choose the coders to compare (Space checks or unchecks, Escape returns)</source>
      <translation>اختيار المرمِّزين للمقارنة (يحدد Space أو يلغي التحديد ويعود Escape)</translation>
    </message>
    <message>
      <source>Agreement between the coders</source>
      <translation>الاتفاق بين المرمِّزين</translation>
    </message>
    <message>
      <source>Close the review window</source>
      <translation>إغلاق نافذة المراجعة</translation>
    </message>
    <message>
      <source>Items</source>
      <translation>البنود</translation>
    </message>
    <message>
      <source>Adjudication</source>
      <translation>الحسم</translation>
    </message>
    <message>
      <source>Gold spans</source>
      <translation>المقاطع المعتمدة</translation>
    </message>
    <message>
      <source>Span panel fields</source>
      <translation>حقول لوحة المقطع</translation>
    </message>
    <message>
      <source>In the span panel: save, accept the span and go to the next undecided one (E, type the victim, Enter: accepted with its victim corrected)</source>
      <translation>في لوحة المقطع: الحفظ وقبول المقطع والانتقال إلى التالي غير المحسوم (E ثم اكتب الضحية ثم Enter: قبول مع تصحيح الضحية)</translation>
    </message>
  </context>
  <context>
    <name>SpanPanel</name>
    <message>
      <source>(unknown)</source>
      <translation>(غير معروف)</translation>
    </message>
    <message>
      <source>(not set)</source>
      <translation>(غير محدد)</translation>
    </message>
    <message>
      <source>No span selected.</source>
      <translation>لم يُحدَّد أي مقطع.</translation>
    </message>
    <message>
      <source>empty = vague</source>
      <translation>فارغ = غير محدد</translation>
    </message>
    <message>
      <source>&amp;Count</source>
      <translation>العدد (&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Kind</source>
      <translation>النوع (&amp;K)</translation>
    </message>
    <message>
      <source>&amp;Qualifier</source>
      <translation>الدقة (&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Victim</source>
      <translation>الضحية (&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Actor</source>
      <translation>الفاعل (&amp;A)</translation>
    </message>
    <message>
      <source>GeoNames id, if known</source>
      <translation>معرّف GeoNames إن كان معروفاً</translation>
    </message>
    <message>
      <source>&amp;Place</source>
      <translation>المكان (&amp;P)</translation>
    </message>
    <message>
      <source>&amp;GeoNames id</source>
      <translation>معرّف GeoNames (&amp;G)</translation>
    </message>
    <message>
      <source>No span</source>
      <translation>لا مقطع</translation>
    </message>
    <message>
      <source>‘%1’ fits several actors: %2. Type more of the name, or pick one.</source>
      <translation>النص ‘%1’ يطابق عدة فاعلين: %2. اكتب المزيد من الاسم أو اختر واحدًا.</translation>
    </message>
    <message>
      <source>‘%1’ is not in the actor catalogue: confirm it as a new actor id.</source>
      <translation>المعرّف ‘%1’ ليس في قائمة الفاعلين: أكّده معرّفَ فاعلٍ جديدًا.</translation>
    </message>
    <message>
      <source>‘%1’ is neither an actor name nor an actor id (capital letters, digits and _).</source>
      <translation>النص ‘%1’ ليس اسم فاعل ولا معرّف فاعل (أحرف لاتينية كبيرة وأرقام و _).</translation>
    </message>
    <message>
      <source>Enter: save, accept, next span · Esc: save, back to the article · Tab: next field</source>
      <translation>حفظ وقبول ثم المقطع التالي Enter · حفظ ثم العودة إلى المقال Esc · الحقل التالي Tab</translation>
    </message>
  </context>
  <context>
    <name>StatusLine</name>
    <message>
      <source>Coder: %1</source>
      <translation>المرمِّز: %1</translation>
    </message>
    <message>
      <source>Done %1 / %2</source>
      <translation>المنجز %1 / %2</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>محفوظ</translation>
    </message>
    <message>
      <source>Not saved</source>
      <translation>غير محفوظ</translation>
    </message>
    <message>
      <source>Offline — retrying · 1 decision not stored yet</source>
      <translation>غير متصل — إعادة المحاولة · قرار واحد لم يُحفظ بعد</translation>
    </message>
    <message>
      <source>Offline — retrying</source>
      <translation>غير متصل — إعادة المحاولة</translation>
    </message>
    <message>
      <source>1 ACTOR · 2 PLACE · 3 CASUALTY: label the selection</source>
      <translation>وسم النص المحدد: 1 ACTOR · 2 PLACE · 3 CASUALTY</translation>
    </message>
    <message>
      <source>%1 accept · %2 reject · 1/2/3 relabel · %3 attributes · %4 next</source>
      <translation>قبول %1 · رفض %2 · إعادة وسم 1/2/3 · السمات %3 · التالي %4</translation>
    </message>
    <message>
      <source>%2 remove · 1/2/3 relabel · Alt+arrows: edges · %3 attributes</source>
      <translation>حذف %2 · إعادة وسم 1/2/3 · الحواف Alt+الأسهم · السمات %3</translation>
    </message>
    <message>
      <source>%4: next span · Shift+arrows: select text · Ctrl+Enter: done · F1: all keys</source>
      <translation>المقطع التالي %4 · تحديد النص Shift+الأسهم · منجز Ctrl+Enter · كل المفاتيح F1</translation>
    </message>
    <message>
      <source>The database is busy: your last action was not saved.</source>
      <translation>قاعدة البيانات مشغولة: لم يُحفظ إجراؤك الأخير.</translation>
    </message>
    <message>
      <source>Your last action could not be done.</source>
      <translation>تعذّر تنفيذ إجرائك الأخير.</translation>
    </message>
    <message>
      <source>Editing — not saved</source>
      <translation>قيد التعديل — غير محفوظ</translation>
    </message>
  </context>
  <context>
    <name>Swatch</name>
    <message>
      <source>%1: confirmed</source>
      <translation>%1: مؤكَّد</translation>
    </message>
    <message>
      <source>%1: suggestion</source>
      <translation>%1: اقتراح</translation>
    </message>
    <message>
      <source>%1: the current span</source>
      <translation>%1: المقطع الحالي</translation>
    </message>
  </context>
  <context>
    <name>TaskProgressDialog</name>
    <message>
      <source>%1 of %2</source>
      <translation>%1 من %2</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>جارٍ الإلغاء…</translation>
    </message>
  </context>
  <context>
    <name>TaskRun</name>
    <message>
      <source>Another task is running; try again when it has finished.</source>
      <translation>مهمة أخرى قيد التنفيذ؛ أعد المحاولة بعد انتهائها.</translation>
    </message>
    <message>
      <source>This project has no database file.</source>
      <translation>ليس لهذا المشروع ملف قاعدة بيانات.</translation>
    </message>
  </context>
  <context>
    <name>UndecidedQuestion</name>
    <message>
      <source>Mark done</source>
      <translation>تعليم كمنجز</translation>
    </message>
    <message>
      <source>%1 suggestions are still undecided.</source>
      <translation>لا تزال اقتراحات دون قرار: %1.</translation>
    </message>
    <message>
      <source>Suggestions left undecided count as rejected in exports and agreement.</source>
      <translation>الاقتراحات التي تبقى دون قرار تُحسب مرفوضة في التصدير وفي حساب الاتفاق.</translation>
    </message>
    <message>
      <source>&amp;Accept all and mark done</source>
      <translation>قبول الكل والتعليم كمنجز (&amp;A)</translation>
    </message>
    <message>
      <source>Mark done, &amp;leaving them</source>
      <translation>التعليم كمنجز وتركها (&amp;L)</translation>
    </message>
  </context>
  <context>
    <name>Values</name>
    <message>
      <source>killed</source>
      <translation>قتلى</translation>
    </message>
    <message>
      <source>wounded</source>
      <translation>جرحى</translation>
    </message>
    <message>
      <source>captured</source>
      <translation>أسرى</translation>
    </message>
    <message>
      <source>missing</source>
      <translation>مفقودون</translation>
    </message>
    <message>
      <source>killed_or_wounded</source>
      <translation>قتلى أو جرحى</translation>
    </message>
    <message>
      <source>exact</source>
      <translation>بالضبط</translation>
    </message>
    <message>
      <source>at_least</source>
      <translation>على الأقل</translation>
    </message>
    <message>
      <source>approx</source>
      <translation>تقريبًا</translation>
    </message>
    <message>
      <source>at_most</source>
      <translation>على الأكثر</translation>
    </message>
    <message>
      <source>vague</source>
      <translation>غير محدد</translation>
    </message>
    <message>
      <source>, </source>
      <translation>، </translation>
    </message>
  </context>
  <context>
    <name>WindowActions</name>
    <message>
      <source>&amp;Undo</source>
      <translation>تراجع (&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>إعادة (&amp;R)</translation>
    </message>
    <message>
      <source>Vie&amp;w</source>
      <translation>عرض (&amp;W)</translation>
    </message>
    <message>
      <source>Larger text</source>
      <translation>تكبير النص</translation>
    </message>
    <message>
      <source>Smaller text</source>
      <translation>تصغير النص</translation>
    </message>
    <message>
      <source>Default text size</source>
      <translation>حجم النص الافتراضي</translation>
    </message>
  </context>
</TS>
