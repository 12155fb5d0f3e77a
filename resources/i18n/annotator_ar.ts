<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
  <context>
    <name>App</name>
    <message>
      <source>Annotator</source>
      <translation>أداة الترميز</translation>
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
      <source>Search title or source</source>
      <translation>ابحث في العنوان أو المصدر</translation>
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
      <source>Next &amp;open article</source>
      <translation>المقال المفتوح التالي (&amp;O)</translation>
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
      <source>&amp;Article</source>
      <translation>المقال (&amp;A)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>عرض (&amp;V)</translation>
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
    <name>SpanPanel</name>
    <message>
      <source>No span selected.</source>
      <translation>لم يُحدَّد أي مقطع.</translation>
    </message>
    <message>
      <source>Enter: save · Esc: back to the article · Tab: next field</source>
      <translation>حفظ Enter · العودة إلى المقال Esc · الحقل التالي Tab</translation>
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
  </context>
</TS>