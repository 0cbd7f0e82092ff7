# แดชบอร์ดภาษาไทย (คีย์เดียวกับ en.ftl)

## ส่วนหัว
nav-inbox = กล่องข้อความ
nav-alerts = การแจ้งเตือน
nav-threads = บทสนทนา
nav-ladder = บันไดความสัมพันธ์
nav-cohorts = กลุ่มที่ดูแล
nav-influencers = อินฟลูเอนเซอร์
nav-report = รายงาน
nav-settings = การตั้งค่า
nav-search = ค้นหาคนและข้อความ
nav-logout = ออกจากระบบ
nav-overdue = เลยกำหนด { $shown } รายการ
nav-rereading = Rapport กำลังอ่านข้อความที่เก็บไว้ทั้งหมดใหม่ (หลังการอัปเดตหรือการแก้ไข): การอ่านและระดับบนบันไดจะเปลี่ยนไประหว่างนี้

## การตั้งค่าของคุณ
me-title = การตั้งค่าของคุณ
me-language = ภาษาของแดชบอร์ด
me-language-auto = ตามเบราว์เซอร์
me-digest = ส่งอีเมลสรุปสิ่งที่เลยกำหนดให้ฉันทุกวัน (รวมถึงข้อความที่มอบหมายให้ฉันและเลยเป้าหมายการตอบ)
me-save = บันทึกการตั้งค่าของฉัน
me-saved = บันทึกการตั้งค่าของคุณแล้ว

## คำที่ใช้ร่วมกัน
download-csv = ดาวน์โหลด CSV
by = โดย { $who }
shop = ร้าน
pager-pages = หน้า
pager-previous = ← ก่อนหน้า
pager-next = ถัดไป →
pager-page-of = หน้า { $page } จาก { $pages } · ทั้งหมด { $total } รายการ
pager-newer = ← ใหม่กว่า
pager-older = เก่ากว่า →
pager-prev-lower = ← ก่อนหน้า
pager-next-lower = ถัดไป →
snooze = เลื่อนไปก่อน
snooze-for = เลื่อนไปอีก
snooze-1h = 1 ชั่วโมง
snooze-4h = 4 ชั่วโมง
snooze-1d = 1 วัน
snooze-3d = 3 วัน
snooze-1w = 1 สัปดาห์
ago-min = { $v } นาที
ago-h = { $v } ชม.
ago-d = { $v } วัน
open-in-inbox = เปิดในกล่องข้อความ

## ระดับ ป้าย และค่าคงที่อื่น ๆ ตามที่แสดง
stage-stranger = คนแปลกหน้า
stage-follower = ผู้ติดตาม
stage-casual = ขาจร
stage-engaged = มีส่วนร่วม
stage-fan = แฟน
stage-customer = ลูกค้า
stage-true_fan = แฟนตัวจริง
label-true_fan = แฟนตัวจริง
label-evangelist = ผู้บอกต่อ
label-influencer = อินฟลูเอนเซอร์
label-detractor = ผู้ไม่พอใจ
label-box_ticker = คอมเมนต์ตามหน้าที่
intent-question = คำถาม
intent-complaint = คำร้องเรียน
intent-praise = คำชม
intent-recommendation = การแนะนำ
intent-suggestion = ข้อเสนอแนะ
intent-purchase_intent = สนใจซื้อ
intent-generic = ข้อความสำเร็จรูป
intent-other = อื่น ๆ
language-en = อังกฤษ
language-de = เยอรมัน
language-th = ไทย
sentiment-negative = เชิงลบ
sentiment-neutral = เป็นกลาง
sentiment-positive = เชิงบวก
kind-comment = ความคิดเห็น
kind-reply = การตอบกลับ
kind-mention = การกล่าวถึง
kind-message = ข้อความ
kind-review = รีวิว
kind-share = การแชร์
kind-like = ถูกใจ
kind-follow = ติดตาม
kind-referral = การแนะนำ
kind-post = โพสต์
kind-feedback = ขอความคิดเห็น
kind-reminder = การเตือน
kind-digest = สรุปประจำวัน
delivery-queued = รอส่ง
delivery-sending = กำลังส่ง
delivery-sent = ส่งแล้ว
delivery-failed = ส่งไม่สำเร็จ
delivery-unsure = ไม่แน่ใจว่าส่งถึง
delivery-recorded = บันทึกแล้ว
delivery-cancelled = ยกเลิกแล้ว
order-paid = ชำระแล้ว
order-pending = รอชำระ
order-refunded = คืนเงินแล้ว
order-cancelled = ยกเลิกแล้ว
touch-gift = ของขวัญ
touch-sample = สินค้าตัวอย่าง
touch-shoutout = การพูดถึง
touch-feature = การนำเสนอ
touch-help = ความช่วยเหลือ
touch-intro = การแนะนำให้รู้จัก
touch-ask = การขอ
cohort-status-planned = วางแผนแล้ว
cohort-status-contacted = ติดต่อแล้ว
cohort-status-answered = ตอบกลับแล้ว
cohort-status-moved_up = ขยับขึ้นแล้ว
cohort-status-graduated = จบรุ่นแล้ว
cohort-status-given_up = เลิกติดตามแล้ว

## กล่องข้อความ
inbox-queue = คิวข้อความ
inbox-plus-stock = + ข้อความสำเร็จรูป { $shown } รายการ
inbox-filters = ตัวกรอง
inbox-channel = ช่องทาง
inbox-every-channel = ทุกช่องทาง
inbox-language = ภาษา
inbox-every-language = ทุกภาษา
inbox-intent = เจตนา
inbox-any-intent = ทุกเจตนา
inbox-stage = ระดับ
inbox-any-stage = ทุกระดับ
inbox-label = ป้าย
inbox-any-label = ทุกป้าย
inbox-mine = ของฉัน
inbox-new = ใหม่ตั้งแต่ครั้งล่าสุดที่ฉันเข้ามา
inbox-over = เลยเป้าหมาย
inbox-filter = กรอง
inbox-clear = ล้างตัวกรอง
inbox-first-visit = นี่เป็นครั้งแรกที่คุณเข้ามา ทุกอย่างจึงเป็นของใหม่
inbox-new-since = ใหม่ตั้งแต่การเข้ามาครั้งก่อนของคุณ ({ $when })
inbox-stock = ข้อความสำเร็จรูป
inbox-under-post = ใต้โพสต์ { $post }
inbox-back = กลับไปที่กล่องข้อความ
inbox-no-match = ไม่มีรายการค้างที่ตรงกับตัวกรองนี้
inbox-zero = กล่องข้อความว่าง: ทุกข้อความได้รับคำตอบแล้ว
inbox-priority = ลำดับความสำคัญ
inbox-stock-hint = ความคิดเห็นอย่าง "โพสต์ดีมาก 👍" รวมไว้ตามโพสต์ เพราะแทบไม่ต้องตอบทีละรายการ
inbox-stock-on = { $n } รายการบน { $channel }
inbox-show-all = แสดงทั้ง { $shown } รายการ
inbox-mark-all = ทำเครื่องหมายว่าจัดการแล้วทั้ง { $shown } รายการ
inbox-selected = ข้อความที่เลือก
inbox-waiting = รอมา { $time }
inbox-whole-conversation = บทสนทนาทั้งหมด
inbox-open-on = เปิดบน { $channel }
inbox-not-web = ไม่ใช่ที่อยู่เว็บ จึงไม่ได้ทำเป็นลิงก์
inbox-left-queue = ข้อความนี้ออกจากคิวแล้ว
inbox-reopen = เปิดใหม่
inbox-replies = คำตอบจากร้าน
inbox-start-from = เริ่มจาก:
saved-reply-thanks = ขอบคุณ
saved-reply-sorry = ขออภัย
saved-reply-answer = ตอบคำถาม
inbox-reply-connected = คำตอบของคุณ จะส่งบน { $channel } ในนามร้าน
inbox-write-reply = เขียนคำตอบ
inbox-send-reply = ส่งคำตอบ
inbox-reply-by-hand = คำตอบของคุณ (โพสต์บน { $channel } ด้วยตัวเอง เพราะยังไม่ได้เชื่อมต่อ)
inbox-paste-reply = วางหรือเขียนคำตอบที่คุณโพสต์ไปแล้ว
inbox-record-reply = บันทึกคำตอบ
inbox-either-way = ไม่ว่าแบบไหน ข้อความนี้จะนับว่าตอบแล้วตั้งแต่ตอนนี้
inbox-mark-handled = ทำเครื่องหมายว่าจัดการแล้ว
inbox-assign-to = มอบหมายให้
inbox-nobody = ไม่มีใคร
inbox-assign = มอบหมาย
inbox-history = ประวัติ
inbox-notes = บันทึก
inbox-note = บันทึก
inbox-note-placeholder = เพิ่มบันทึกให้ทีม
inbox-add-note = เพิ่มบันทึก
inbox-earlier = ก่อนหน้านี้
inbox-done-reply = บันทึกคำตอบแล้ว ข้อความนี้นับว่าตอบแล้ว
inbox-done-sent = คำตอบกำลังส่ง ข้อความนี้นับว่าตอบแล้ว หน้าของบุคคลนี้จะแสดงเวลาที่ส่งออกไป
inbox-done-handled = ทำเครื่องหมายว่าจัดการแล้ว ข้อความออกจากคิวแล้ว
inbox-done-stock = ทำเครื่องหมายข้อความสำเร็จรูปว่าจัดการแล้ว ออกจากคิวแล้ว
inbox-done-snooze = เลื่อนไว้แล้ว ข้อความจะกลับมาเมื่อถึงเวลา
inbox-done-assign = มอบหมายแล้ว
inbox-done-note = เพิ่มบันทึกแล้ว
inbox-done-reopen = เปิดใหม่แล้ว ข้อความกลับเข้าคิวแล้ว
correct-reading = อ่านผิดหรือ? ที่จริงคือ:
correct-not-question = ไม่ใช่คำถาม
inbox-done-correct = บันทึกการแก้ไขแล้ว — การอ่านข้อความ บันไดความสัมพันธ์ และกล่องข้อความเป็นไปตามนั้น

## บุคคล ไทม์ไลน์ และบัญชีการให้กับการขอ
ledger-empty = ยังไม่มีบันทึก: ให้อะไรบางอย่างก่อนจะขออะไร
ledger-asked-first = ให้ { $given } ครั้ง ขอ { $asked } ครั้ง: ขอก่อนให้
ledger-nothing-asked = ให้ { $given } ครั้ง ขอ { $asked } ครั้ง: ยังไม่ได้ขออะไร
ledger-value-first = ให้ { $given } ครั้ง ขอ { $asked } ครั้ง: ให้ก่อนขอ
answered-at = ตอบแล้วเมื่อ { $when }
unanswered = ยังไม่ได้ตอบ
delivery-recorded-by-hand = บันทึกแล้ว (โพสต์เอง)
delivery-queued-to-send = รอส่ง
followers = ผู้ติดตาม { $shown } คน
orders-none = ไม่มีคำสั่งซื้อ
orders-summary = คำสั่งซื้อ { $shown } รายการ · ชำระแล้ว { $paid }
since = ตั้งแต่ { $when }
score-engagement = การมีส่วนร่วม
score-loyalty = ความภักดี
score-advocacy = การบอกต่อ
score-reach = การเข้าถึง

## หน้าของบุคคล
link-same_email = อีเมลเดียวกัน
link-explicit = เชื่อมโยงด้วยตนเอง
link-unlinked = แยกออกแล้ว
person-why = เหตุผล
person-interests = ความสนใจ
person-accounts = บัญชี
person-linked-because = เชื่อมโยงกันเพราะ
person-stage-history = ประวัติระดับ
person-orders = คำสั่งซื้อ
person-col-order = คำสั่งซื้อ
person-col-total = ยอดรวม
person-col-status = สถานะ
person-col-items = สินค้า
person-given-asked = สิ่งที่ให้และสิ่งที่ขอ
person-kind = ประเภท
person-touch-placeholder = สิ่งที่ร้านให้หรือขอ
person-log-touch = บันทึกการติดต่อ
person-touch-logged = บันทึกการติดต่อแล้ว
person-sent-by-shop = ที่ร้านส่งไป
person-timeline = ไทม์ไลน์
person-conversation = บทสนทนา
person-privacy = ความเป็นส่วนตัว
person-export = ดาวน์โหลดข้อมูลทั้งหมดของ { $name } (JSON)
person-forget-hint = การลบจะลบบัญชี ข้อความ บันทึก และการติดต่อของบุคคลนี้ รวมถึงข้อมูลส่วนตัวในคำสั่งซื้ออย่างถาวร ตัวเลขในรายงานที่ผ่านมายังคงอยู่ และการนำเข้าครั้งต่อไปจะข้ามข้อมูลของบุคคลนี้
person-forget-confirm = ฉันต้องการลบ { $name } (#{ $id }) ซึ่งย้อนกลับไม่ได้
person-forget = ลบบุคคลนี้

## การแจ้งเตือน
severity-low = ต่ำ
severity-medium = ปานกลาง
severity-high = สูง
alert-unanswered = ยังไม่ได้ตอบ
alert-new_detractor = ผู้ไม่พอใจรายใหม่
alert-fan_slipping = แฟนเริ่มห่างหาย
alert-influencer_mismatch = อินฟลูเอนเซอร์ไม่ตรงกลุ่ม
alert-bought_question = คำถามเรื่องสินค้าที่ซื้อ
alert-repeat_complaint = ร้องเรียนซ้ำ
alert-detractor_public = ผู้ไม่พอใจโพสต์ในที่สาธารณะ
alert-influencer_mention = อินฟลูเอนเซอร์พูดถึงร้าน
alert-follow_up = ติดตามผล
alerts-due = ครบกำหนด { $when }
alerts-the-conversation = บทสนทนา
alerts-done = เสร็จแล้ว
alerts-why-optional = เหตุผล (ไม่บังคับ)
alerts-why-dismiss = เหตุผลที่ปิด
alerts-dismiss = ปิดการแจ้งเตือน
alerts-targets = เป้าหมายการตอบ:
alerts-intro = คำถามและคำร้องเรียนที่ยังไม่ได้ตอบจะครบกำหนดเมื่อเลยเป้าหมาย ผู้ไม่พอใจรายใหม่ แฟนที่ระดับลดลง และอินฟลูเอนเซอร์ที่ผู้ติดตามสนใจเรื่องอื่น จะครบกำหนดทันที จังหวะสำคัญที่พบในสิ่งที่ผู้คนเขียน เช่น คำถามเกี่ยวกับสินค้าที่ซื้อไป คำร้องเรียนครั้งที่สองภายใน 30 วัน ผู้ไม่พอใจที่เขียนในที่สาธารณะ หรืออินฟลูเอนเซอร์ที่เหมาะกับร้านพูดถึงร้าน จะครบกำหนดภายในหนึ่งชั่วโมง ส่วนการติดตามผลจะครบกำหนดหนึ่งวันหลังจากร้านตอบคำถามหรือคำร้องเรียน การแจ้งเตือนแต่ละรายการทำเครื่องหมายว่าเสร็จ เลื่อน หรือปิดได้ และการแจ้งเตือนเรื่องระดับของใครสักคนที่ปิดไปแล้วจะไม่กลับมาจนกว่าสาเหตุจะเปลี่ยน
alerts-lists-same = แสดงรายการเดียวกัน
alerts-overdue = เลยกำหนด
alerts-most-urgent = { $n } รายการที่เร่งด่วนที่สุด;
alerts-and = และ
alerts-list-all = แสดงทั้งหมด
alerts-nothing-overdue = ไม่มีรายการเลยกำหนด
alerts-coming-up = กำลังจะถึงกำหนด
alerts-shown-rest = แสดง { $n } รายการ ส่วนที่เหลือดูได้จาก API
alerts-nothing-later = ไม่มีรายการที่จะถึงกำหนดภายหลัง
alerts-done-snooze = เลื่อนไว้แล้ว จะกลับมาเมื่อถึงเวลา
alerts-done-dismiss = ปิดแล้ว จะไม่กลับมาจนกว่าสาเหตุจะเปลี่ยน
alerts-done-done = ทำเครื่องหมายว่าเสร็จแล้ว

## บทสนทนา
threads-all = ทั้งหมด
threads-unanswered = ยังไม่ได้ตอบ
threads-answered = ตอบแล้ว
threads-none = ไม่มีบทสนทนาที่ตรงกัน
threads-col-last = ความเคลื่อนไหวล่าสุด
threads-col-who = ใคร
threads-col-started = เริ่มด้วย
threads-col-messages = ข้อความ
threads-col-status = สถานะ
threads-waiting = รออยู่ { $shown } ข้อความ
thread-title = บทสนทนาบน { $channel }
thread-all-answered = ตอบครบทุกข้อความแล้ว
thread-waiting = มี { $shown } ข้อความที่รอคำตอบ

## บันไดความสัมพันธ์
ladder-chart = จำนวนคนในแต่ละระดับ ณ สิ้นสัปดาห์
ladder-everyone-by-value = ทุกคน เรียงจากมูลค่าสูงสุด
ladder-everyone-closest = ทุกคน เรียงจากใกล้ชิดที่สุด
ladder-stage = ระดับ: { $stage }
ladder-label = ป้าย: { $label }
ladder-stage-label = ระดับ { $stage } ป้าย { $label }
ladder-people = { $shown } คน
ladder-everyone = ทุกคน
ladder-movement = ความเคลื่อนไหว
ladder-movement-hint = สัปดาห์เริ่มวันจันทร์ (UTC) สัปดาห์สุดท้ายคือสัปดาห์นี้จนถึงตอนนี้
ladder-closest-first = ใกล้ชิดที่สุดก่อน
ladder-most-valuable-first = มูลค่าสูงสุดก่อน
ladder-value-hint = (มูลค่าตลอดอายุลูกค้าในสกุลเงินของร้าน สกุลเงินอื่นแปลงด้วยอัตราในโปรไฟล์)
ladder-col-name = ชื่อ
ladder-col-stage = ระดับ
ladder-col-labels = ป้าย
ladder-col-value = มูลค่า
ladder-col-why = เหตุผล

## กลุ่มที่ดูแล
cohort-summary = ติดต่อแล้ว { $contacted } จาก { $n } คน · ตอบกลับ { $replied } · ขยับขึ้น { $moved } · เลิกติดตาม { $given }
cohort-past-graduated = { $summary } — จบรุ่นแล้ว
cohort-heading = #{ $id } วางแผนเมื่อ { $when }
cohort-heading-graduated = #{ $id } วางแผนเมื่อ { $when } (จบรุ่นแล้ว)
cohort-forgotten = (ลบแล้ว)
cohort-done-contacted = ทำเครื่องหมายว่าติดต่อแล้ว
cohort-done-replied = ทำเครื่องหมายว่าตอบกลับแล้ว
cohort-done-moved_up = ทำเครื่องหมายว่าขยับขึ้นแล้ว
cohort-done-given_up = เลิกติดตามแล้ว กลุ่มจะดำเนินต่อโดยไม่มีคนนี้
cohort-intro = ครั้งละห้าคน ที่มีส่วนร่วมแต่ยังไม่เป็นแฟน: คุยกับแต่ละคนเรื่องที่เขาสนใจ ทำเครื่องหมายสิ่งที่เกิดขึ้นนอก Rapport แล้วระบบจะวางแผนห้าคนถัดไปเมื่อทุกคนขยับขึ้นหรือเลิกติดตามแล้ว ความคืบหน้ายังเดินเองได้ด้วย: คำตอบจากร้านนับเป็น "ติดต่อแล้ว" คำตอบจากเขานับเป็น "ตอบกลับแล้ว" และระดับที่สูงขึ้นนับเป็น "ขยับขึ้นแล้ว"
cohort-none = ยังไม่มีกลุ่ม: วางแผนห้าคนแรกที่จะดูแล
cohort-first-step = ขั้นแรก
cohort-answer-question = ตอบคำถามของเขา:
cohort-open-it = เปิดในกล่องข้อความ
cohort-mark-contacted = ติดต่อแล้ว
cohort-mark-replied = ตอบกลับแล้ว
cohort-mark-moved_up = ขยับขึ้นแล้ว
cohort-mark-given_up = เลิกติดตาม
cohort-plan-hint = ระหว่างที่กลุ่มปัจจุบันยังเปิดอยู่ การวางแผนจะแสดงกลุ่มเดิม เมื่อทุกคนขยับขึ้นหรือเลิกติดตามแล้ว ระบบจะเลือกห้าคนใหม่
cohort-plan = วางแผนห้าคนถัดไป
cohort-earlier = กลุ่มก่อนหน้า
cohort-planned = วางแผนเมื่อ { $when }

## อินฟลูเอนเซอร์
influencers-dot = { $name }: ความเหมาะสม { $fit } (การเข้าถึง { $reach } × ความสอดคล้อง { $alignment }); { $why }
influencers-x-axis = ความสอดคล้องกับหัวข้อของร้าน →
influencers-y-axis = การเข้าถึง (ผู้ติดตาม) →
influencers-chart = การเข้าถึงเทียบกับความสอดคล้อง
influencers-by-fit = เหมาะสมที่สุดก่อน (การเข้าถึง × ความสอดคล้อง)
influencers-by-reach = เข้าถึงมากที่สุดก่อน
influencers-by-alignment = สอดคล้องที่สุดก่อน
influencers-shown = { $shown } จาก { $total }
influencers-fit-is = ความเหมาะสมคือการเข้าถึง × ความสอดคล้อง ทั้งสองค่าอยู่ระหว่าง 0 ถึง 1
influencers-chart-hint = ทางซ้ายของเส้นประ ผู้ติดตามของเขาสนใจเรื่องอื่น ชี้ที่จุดเพื่อดูชื่อและตัวเลข
influencers-none = ยังไม่มีใครที่มีการเข้าถึงระดับอินฟลูเอนเซอร์
influencers-col-person = บุคคลและเหตุผลที่เหมาะ
influencers-col-given-asked = ให้ / ขอ
sort-fit = ความเหมาะสม
sort-reach = การเข้าถึง
sort-alignment = ความสอดคล้อง

## รายงาน
report-chart-answered = สัดส่วนข้อความเข้าที่ได้รับคำตอบ รายสัปดาห์
report-chart-response = เวลาตอบครั้งแรก (มัธยฐาน) รายสัปดาห์
report-chart-gained = แฟนและผู้บอกต่อที่ได้เพิ่ม รายสัปดาห์
report-series-fans = แฟน
report-series-evangelists = ผู้บอกต่อ
report-all-time = ทั้งหมด
report-7d = 7 วัน
report-30d = 30 วัน
report-12w = 12 สัปดาห์
report-answered = ตอบแล้ว
report-answered-hint = { $answered } จาก { $inbound } ข้อความเข้า
report-first-response = ตอบครั้งแรก
report-first-response-hint = มัธยฐาน; p90 { $p90 }
report-conversations = บทสนทนา
report-conversations-hint = เธรดที่โต้ตอบกันตั้งแต่สองครั้งขึ้นไป
report-specific = ความคิดเห็นที่เจาะจง
report-specific-hint = เป็นข้อความสำเร็จรูป { $shown } รายการ
report-recommendations = การแนะนำ
report-recommendations-hint = การแชร์ การแนะนำ การบอกต่อเพื่อน
report-true-fans = แฟนตัวจริง
report-true-fans-hint = มีส่วนร่วมและกลับมาซื้อซ้ำ
report-evangelists = ผู้บอกต่อ
report-evangelists-hint = แนะนำร้านให้คนอื่น
report-followers = ผู้ติดตาม
report-followers-hint = การกดติดตาม
report-likes = ถูกใจ
report-comments = ความคิดเห็น
report-comments-hint = ทั้งเจาะจงและไม่เจาะจง
report-a-year = { $amount } ต่อปี
report-worth-unknown = ยังประเมินมูลค่าคำสั่งซื้อของแฟนตัวจริงไม่ได้
report-worth = แฟนตัวจริงหนึ่งคนมีมูลค่าเฉลี่ย { $amount } ต่อปี (ประเมินแล้ว { $valued } จาก { $now } คน)
report-meaningful = สิ่งที่มีความหมาย
report-meaningful-hint = ความสัมพันธ์ที่กำลังสร้าง
report-goal = เป้าหมายรายได้
report-fans-needed = แฟนตัวจริงที่ต้องมีเพื่อให้ได้ { $goal }
report-fans-of = แฟนตัวจริง { $now } จาก { $needed } คน
report-fans-now = ตอนนี้มีแฟนตัวจริง { $now } คน; { $worth }
report-detractors = ผู้ไม่พอใจ
report-recovered = กลับมาพอใจ { $n } คน
report-recovered-hint = กลับมาพอใจ: คำร้องเรียนล่าสุดได้รับคำตอบแล้ว และสิ่งที่เขียนหลังจากนั้นไม่เป็นเชิงลบ
report-answer-targets = เป้าหมายการตอบ
report-past-target = เลยเป้าหมายแล้วตอนนี้
report-on = บน { $channel }
report-all-in-inbox = ดูทั้ง { $shown } รายการในกล่องข้อความ
report-vanity = ตัวเลขภาพลักษณ์
report-vanity-hint = แสดงไว้เพื่อเปรียบเทียบ
report-over-time = ตามช่วงเวลา
report-weeks-monday = สัปดาห์เริ่มวันจันทร์ (UTC)
report-per-channel = แยกตามช่องทาง
report-col-channel = ช่องทาง
report-col-inbound = ข้อความเข้า
report-col-answered = ตอบแล้ว
report-col-median = เวลาตอบมัธยฐาน
report-col-likes = ถูกใจ

## ค้นหา
search = ค้นหา
search-placeholder = ชื่อ แฮนเดิล อีเมล หรือคำในข้อความ
search-hint = ค้นได้ทุกภาษา: ภาษาไทย คำประสมภาษาเยอรมัน และชื่อ ค้นเจอได้จากส่วนใดก็ได้ที่ยาวตั้งแต่สามตัวอักษร ไม่สนตัวพิมพ์ใหญ่เล็กหรือเครื่องหมายเสียง
search-people = บุคคล
search-no-people = ไม่พบใครที่มีชื่อ แฮนเดิล หรืออีเมลนี้
search-messages = ข้อความ
search-shown-of = { $shown } จาก { $total } รายการที่บันทึกล่าสุด
search-more = แสดงได้ถึง 200 รายการ
search-no-messages = ไม่พบข้อความที่มีคำเหล่านี้
search-waiting = รอคำตอบ

## การตั้งค่า: ร้าน ช่องทาง การนำเข้า ผู้ใช้ และโทเคน
role-admin = ผู้ดูแลระบบ
role-agent = เจ้าหน้าที่
role-viewer = ผู้ดูอย่างเดียว
settings-new-token = โทเคน API ใหม่
settings-shop-profile = โปรไฟล์ร้าน
settings-name = ชื่อ
settings-topics = หัวข้อ
settings-values = คุณค่า
settings-goal = เป้าหมาย
settings-from = จาก { $source }
settings-built-in = โปรไฟล์ที่มีมาในระบบ
settings-admin-can = ผู้ดูแลระบบเปลี่ยนได้ที่นี่ หรือด้วยคำสั่ง
settings-edit-profile = แก้ไขโปรไฟล์
settings-revenue-goal = เป้าหมายรายได้ต่อปี
settings-currency = สกุลเงิน
settings-topics-hint = (คั่นด้วยจุลภาค ภาษาใดก็ได้)
settings-comma-separated = (คั่นด้วยจุลภาค)
settings-handles = แฮนเดิลของร้าน
settings-one = บรรทัดละ
settings-a-line = หนึ่งรายการ
settings-rates = อัตราแลกเปลี่ยนเป็นสกุลเงินของร้าน
settings-fast-target = เป้าหมายการตอบสำหรับแฟนตัวจริง ผู้บอกต่อ อินฟลูเอนเซอร์ และคำร้องเรียนจากผู้ไม่พอใจ
settings-other-target = เป้าหมายการตอบสำหรับคนอื่น ๆ
settings-minutes = (นาที)
settings-timezone = เขตเวลา
settings-timezone-hint = (แดชบอร์ดแสดงเวลาทั้งหมดตามเขตนี้ ใช้ชื่อเช่น Asia/Bangkok, Europe/Berlin หรือ UTC)
settings-save-profile = บันทึกโปรไฟล์
settings-channels = ช่องทางที่ Rapport ส่งข้อความได้
settings-none-connected = ยังไม่ได้เชื่อมต่อ: คำตอบที่เขียนที่นี่นับว่าตอบแล้ว และบันทึกว่าคุณโพสต์เองบนแพลตฟอร์ม
settings-connected = เชื่อมต่อแล้ว:
settings-connected-hint = คำตอบข้อความบนช่องทางเหล่านี้จะส่งในนามร้าน ส่วนช่องทางอื่นจะบันทึกว่าคุณโพสต์เอง
settings-credentials = ข้อมูลรับรองมาจากการตั้งค่าของเซิร์ฟเวอร์
settings-environment = ตัวแปรสภาพแวดล้อม
settings-never-this-page = ไม่เคยมาจากหน้านี้
settings-import = นำเข้า
settings-imported = นำเข้าแล้ว
settings-duplicates = ซ้ำ { $n }
settings-skipped = ข้าม { $n }
settings-rejected = ถูกปฏิเสธ
settings-format = รูปแบบ
settings-file = ไฟล์
settings-recent-imports = การนำเข้าล่าสุด
settings-no-imports = ยังไม่มี
settings-col-when = เมื่อไร
settings-col-file = ไฟล์
settings-col-result = ผลลัพธ์
settings-new = ใหม่ { $n }
settings-n-rejected = ถูกปฏิเสธ { $n }
settings-imports-memory = รายการนี้อ่านจากคิวงาน เซิร์ฟเวอร์ทุกตัวที่ใช้ฐานข้อมูลเดียวกันแสดงเหมือนกัน คือการนำเข้าที่เสร็จแล้ว 20 รายการล่าสุด
settings-import-queued = กำลังนำเข้าไฟล์ (งาน { $job }) จะแสดงในการนำเข้าล่าสุดเมื่อเสร็จ
settings-users = ผู้ใช้
settings-col-email = อีเมล
settings-col-role = บทบาท
settings-col-since = ตั้งแต่
settings-remove = ลบ
settings-add-user-title = เพิ่มผู้ใช้
settings-email = อีเมล
settings-role = บทบาท
settings-password = รหัสผ่าน
settings-add-user = เพิ่มผู้ใช้
settings-tokens = โทเคน API
settings-send-as = ส่งในรูปแบบ
settings-api-described = รายละเอียด API อยู่ที่
settings-col-token = โทเคน
settings-col-user = ผู้ใช้
settings-col-created = สร้างเมื่อ
settings-col-used = ใช้ล่าสุด
settings-col-expires = หมดอายุ
settings-expired = หมดอายุแล้ว { $when }
settings-revoke = เพิกถอน
settings-create-token-title = สร้างโทเคน
settings-for = สำหรับ
settings-valid-days = ใช้ได้กี่วัน
settings-create-token = สร้างโทเคน
settings-never = ไม่เคย
settings-rejection = บรรทัด { $line }: { $reason }
settings-added = เพิ่ม { $email } เป็น{ $role }แล้ว
settings-removed = ลบ { $email } แล้ว: เพิกถอนโทเคน { $tokens } รายการ ปิดเซสชัน { $sessions } รายการ
settings-copy-token = คัดลอกโทเคนตอนนี้ เพราะจะไม่แสดงอีก
settings-profile-saved = บันทึกโปรไฟล์ไว้ที่ { $path } แล้ว
settings-profile-not-saved = ยังไม่ได้บันทึกโปรไฟล์: { $problem }
settings-choose-format = เลือกรูปแบบ
settings-choose-file = เลือกไฟล์
settings-file-empty = ไฟล์ว่างเปล่า
settings-nothing-imported = ไม่มีอะไรถูกนำเข้า: { $problem }
settings-nothing-imported-because = ไม่มีอะไรถูกนำเข้า: { $problem }

## หน้าที่ไม่มีผู้ใช้ลงชื่อเข้าใช้: เข้าสู่ระบบ ยกเลิกรับข่าวสาร ข้อผิดพลาด
login-title = เข้าสู่ระบบ
login-tagline = ใครคือแฟนตัวจริงของคุณ และใครกำลังรอคำตอบ
login-expired = แบบฟอร์มเข้าสู่ระบบหมดอายุแล้ว กรุณาลองอีกครั้ง
login-too-many = ลองผิดหลายครั้งเกินไป กรุณารอหนึ่งนาทีแล้วลองใหม่
login-busy = เซิร์ฟเวอร์กำลังตรวจสอบการเข้าสู่ระบบอื่นอยู่ กรุณาลองใหม่อีกสักครู่
login-wrong = อีเมลหรือรหัสผ่านไม่ถูกต้อง
unsubscribe-invalid = ลิงก์ยกเลิกรับข่าวสารนี้ใช้ไม่ได้ (อาจถูกตัดขาด) กรุณาตอบกลับอีเมลแทน แล้วเราจะนำชื่อคุณออกให้เอง
unsubscribe-done = เรียบร้อยแล้ว: { $address } จะไม่ได้รับคำขอความคิดเห็นหรือการเตือนจาก { $shop } อีก แต่คำตอบต่อสิ่งที่คุณเขียนถึงเรายังส่งถึงคุณเหมือนเดิม
unsubscribe-ask = ไม่ต้องการรับคำขอความคิดเห็นหรือการเตือนจาก { $shop } ที่ { $address } อีกใช่ไหม
unsubscribe-button = ยกเลิกรับข่าวสาร
error-back = กลับไปที่กล่องข้อความ
status-400 = คำขอไม่ถูกต้อง
status-401 = ยังไม่ได้เข้าสู่ระบบ
status-403 = ไม่มีสิทธิ์เข้าถึง
status-404 = ไม่พบหน้านี้
status-409 = ข้อมูลขัดแย้งกัน
status-413 = ข้อมูลใหญ่เกินไป
status-429 = คำขอมากเกินไป
status-500 = เกิดข้อผิดพลาดภายใน
status-503 = ใช้งานไม่ได้ชั่วคราว
error-detail = รายละเอียด
status-400-says = ที่อยู่นี้ขอสิ่งที่หน้านี้อ่านไม่ได้ โปรดตรวจส่วนที่อยู่หลังเครื่องหมายคำถาม
status-401-says = เข้าสู่ระบบเพื่อดูหน้านี้
status-403-says = บทบาทของคุณเปิดหน้านี้ไม่ได้ ผู้ดูแลระบบเปลี่ยนให้ได้
status-404-says = ไม่มีอะไรที่ที่อยู่นี้
status-409-says = มีคนเปลี่ยนข้อมูลนี้ไปแล้ว โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง
status-413-says = ข้อมูลที่ส่งมาใหญ่เกินกว่าที่ Rapport รับได้
status-429-says = มีคำขอมากเกินไปในเวลาสั้น ๆ โปรดรอสักครู่แล้วลองอีกครั้ง
status-500-says = เกิดข้อผิดพลาดที่ฝั่งเรา และได้บันทึกไว้แล้ว
status-503-says = Rapport ตอบไม่ได้ในขณะนี้ โปรดลองอีกครั้งในอีกสักครู่

## ประโยคของเอนจิน (rapport_core::said): เหตุผลในกล่องข้อความ การแจ้งเตือน
## หลักฐาน ความเข้ากัน กลุ่มที่เลือก การฟื้นความสัมพันธ์ และประวัติของรายการ

said-span-min = { $n } นาที
said-span-h = { $n } ชั่วโมง
said-span-days = { $n } วัน
said-target-min = { $n } นาที
said-target-hour = { $n } ชั่วโมง
said-target-day = { $n } วัน
said-short-thousands = { $n }K
said-short-millions = { $n }M
said-and = และ
said-not-yet = ยังไม่มี
said-nothing-yet = ยังไม่มี
said-nothing = {""}
said-other-things = เรื่องอื่น
said-interests = ความสนใจ
said-complaint = คำร้องเรียน
said-question = คำถาม
said-label = { $label }
said-stock-phrase = ข้อความสำเร็จรูป
said-waiting-past = รอมา { $waited } เกินเป้าหมาย { $target } แล้ว
said-waiting-left = รอมา { $waited } เหลืออีก { $left } ตามเป้าหมาย { $target }
said-answered-after = ตอบแล้วหลังจากรอ { $waited }
said-target-rule = { $fast } สำหรับแฟนตัวจริง ผู้บอกต่อ อินฟลูเอนเซอร์ และคำร้องเรียนจากผู้ไม่พอใจ; { $other } สำหรับคนอื่นทั้งหมด
said-unanswered = { $what ->
        [complaint] คำร้องเรียน
       *[question] คำถาม
    }{ $vip ->
        [true_fan] {" "}จากแฟนตัวจริง
        [evangelist] {" "}จากผู้บอกต่อ
        [influencer] {" "}จากอินฟลูเอนเซอร์
        [detractor] {" "}จากผู้ไม่พอใจ
       *[none] {""}
    } บน { $channel }: { $waiting }
said-became-detractor = กลายเป็นผู้ไม่พอใจเมื่อ { $day }: { $why }
said-fan-falling = แฟนที่เงียบไปตั้งแต่ { $quiet } จะลดเป็น { $stage } ในวันที่ { $day } หากร้านไม่ติดต่อไป
said-fan-fell = เคยเป็นแฟนจนถึง { $day } ตอนนี้เป็น { $stage }: ความคิดเห็นที่เจาะจงน้อยลงใน { $days } วันที่ผ่านมา
said-other-interests = ผู้ติดตามมากแต่สนใจเรื่องอื่น: { $why }
said-bought-question = ถามบน { $channel } เกี่ยวกับ { $product } ที่ซื้อไปแล้ว: ควรให้คนตอบทันที
said-repeat-complaint = ร้องเรียนครั้งที่สองภายใน 30 วัน บน { $channel }: โทรหรือเขียนถึงเป็นการส่วนตัว
said-detractor-public = ผู้ไม่พอใจเขียนในที่ที่คนอื่นเห็น บน { $channel }: ตอบอย่างเปิดเผยและสุภาพ
said-influencer-mention = อินฟลูเอนเซอร์ที่ผู้ติดตามเข้ากับร้านเขียนถึงร้านบน { $channel }: กล่าวขอบคุณ
said-follow-up = ร้านตอบเขาบน { $channel } { $when ->
        [ago] เมื่อ { $ago } ก่อน
       *[yesterday] เมื่อวาน
    }: ถามว่าเป็นอย่างไรบ้าง
said-specific-comments = ความคิดเห็นที่เจาะจง { $n } ครั้งใน { $days } วันที่ผ่านมา
said-conversations = ตอบในบทสนทนากับร้าน { $n } ครั้ง
said-peer-talk = คุยกับคนอื่นใต้โพสต์ของร้าน { $n } ครั้ง
said-orders = คำสั่งซื้อ { $n } รายการ, { $amounts }{ $converted ->
        [yes] {" "}(≈ { $worth }{ $unrated ->
            [yes] , ไม่รวมสกุลเงินที่ไม่มีอัตราแลกเปลี่ยน
           *[no] {""}
        })
       *[no] {""}
    }
said-recommended = แนะนำหรือแชร์ร้าน { $n } ครั้ง
said-followers = ผู้ติดตาม { $n } คน
said-detractor = ร้องเรียน { $complaints } ครั้ง ชม { $praise } ครั้ง{ $orders_named ->
        [yes] {" "}{ $orders ->
            [0] ยังไม่เคยสั่งซื้อ
           *[other] สั่งซื้อ { $orders } รายการ
        }
       *[no] {""}
    }
said-stock-phrases = { $stock } จาก { $of } ความคิดเห็นเป็นข้อความสำเร็จรูป ใต้โพสต์ { $posts } โพสต์
said-follows-only = ติดตามหรือกดถูกใจร้าน ยังไม่เคยแสดงความคิดเห็น
said-no-interactions = ยังไม่มีปฏิสัมพันธ์กับร้าน
said-was-until-recently = ยังคงอยู่ระดับ { $was } อีก { $days } วันหลังหลักฐานหมดไป; หลักฐานวันนี้อย่างเดียวบอกว่า { $stage }
said-mismatch = ผู้ติดตาม { $followers } คน แต่พูดถึง { $elsewhere } ไม่ใช่หัวข้อของร้าน (ความสอดคล้อง { $alignment })
said-aligned = ผู้ติดตาม { $followers } คน (การเข้าถึง { $reach }) ความสอดคล้อง { $alignment }: สนใจเรื่องเดียวกับร้าน ({ $common })
said-fit-elsewhere = พูดถึง { $elsewhere } ไม่ใช่หัวข้อของร้าน; ผู้ติดตาม { $followers } คน
said-fit-alignment = ความสอดคล้องกับหัวข้อของร้าน { $alignment }; ผู้ติดตาม { $followers } คน
said-fit-shared = พูดถึง { $common } — หัวข้อของร้าน; ผู้ติดตาม { $followers } คน
said-recovery = การฟื้นความสัมพันธ์ (ร้องเรียน { $n } ครั้ง): ร้องเรียน { $complained } → ตอบ { $answered } → คลี่คลาย { $resolved } → หลังจากนั้น: { $after } — { $recovered ->
        [yes] ฟื้นแล้ว
       *[no] ยังไม่ฟื้น
    }
said-clauses = { $parts }
said-engaged-by = มีส่วนร่วม: { $evidence }
said-writes-about = เขียนถึง { $topics } ({ $percent }% ของความคิดเห็นอยู่ในหัวข้อของร้าน)
said-never-answered = ร้านยังไม่เคยตอบเขา
said-last-answered = { $days ->
        [0] วันนี้ร้านตอบเขาแล้ว
        [1] ร้านตอบเขาครั้งล่าสุดเมื่อวาน
       *[other] ร้านตอบเขาครั้งล่าสุดเมื่อ { $days } วันก่อน
    }
said-question-open = ยังมีคำถามของเขาที่ยังไม่ได้ตอบ
said-did = { $alert ->
        [yes] การแจ้งเตือน{" "}
       *[no] {""}
    }{ $action ->
        [reply] ตอบกลับ ({ $state })
        [handled] จัดการแล้ว
        [assign] มอบหมายให้ { $detail }
        [unassign] ยกเลิกการมอบหมาย
        [snooze] เลื่อนไปถึง { $until }
        [note] บันทึก
        [reopen] เปิดใหม่
        [done] เสร็จแล้ว
        [snoozed] เลื่อนแล้ว
        [dismissed] ปิดทิ้ง
       *[other] { $action } { $detail }
    }

## Why an outbox message waits or was not sent.
said-recipient-unsubscribed = ผู้รับยกเลิกการรับข้อความแล้ว
said-unsubscribed = ยกเลิกการรับข้อความแล้ว
said-wrote-since-request = เขาเขียนถึงร้านหลังจากได้รับคำขอแล้ว
said-cap-per-person = ส่งได้ไม่เกินหนึ่งข้อความต่อคนใน { $days } วัน
said-complaint-open = รอจนกว่าคำร้องเรียนของเขาจะได้รับคำตอบ
said-quiet-hours = ช่วงเวลางดส่ง ({ $from }–{ $until } น. ตามเวลาของผู้รับ)
said-no-sender = ยังไม่ได้เชื่อมต่อช่องทางส่งสำหรับ { $channel }
said-parent-erased = ข้อความที่ตอบกลับถูกลบไปแล้ว
said-sent-again = ตัวส่งหยุดกลางคัน จึงส่งอีกครั้งด้วยคีย์เดิม
said-may-have-left = ตัวส่งหยุดกลางคัน ข้อความอาจถูกส่งออกไปแล้ว: ส่งอีกครั้งหรือยกเลิก
said-cancelled-by = ยกเลิกโดย { $by }
said-copy-imported-first = สำเนาจากแพลตฟอร์มถูกนำเข้ามาก่อนที่จะส่งจากที่นี่

## The daily mail of what is overdue.
digest-subject = { $shop }: เกินกำหนด { $shown } รายการ
digest-mine = งานที่มอบหมายให้คุณและเกินเป้าหมายการตอบแล้ว: { $shown }
digest-mine-line = - { $name } บน { $channel }: { $waiting }
digest-past-target = เกินเป้าหมายแล้ว
digest-overdue = มี { $shown } รายการที่เกินกำหนดที่ { $shop }:
digest-alert-line = - { $kind } · { $name }: { $reason }
digest-more = … และอีก { $shown } รายการ
digest-whole-list = ดูรายการทั้งหมด: { $url }

## Why an import rejected a record.
said-bad-field = ช่อง `{ $field }`: { $why }
said-is-missing = ไม่มีค่า
said-is-empty = ว่างเปล่า
said-too-long-chars = ยาวเกิน { $max } ตัวอักษร
said-too-long-bytes = ยาวเกิน { $max } ไบต์
said-bad-char = มีอักขระ { $found } ซึ่งใช้ตรงนี้ไม่ได้
said-not-email = { $value } ไม่ใช่ที่อยู่อีเมล
said-not-timestamp = { $value } ไม่ใช่เวลาตามรูปแบบ RFC 3339 (เช่น 2026-10-02T09:14:00Z)
said-not-a-time = { $value } ไม่ใช่เวลาในรูปแบบที่ไฟล์ประเภทนี้รู้จัก (RFC 3339 เช่น 2026-10-02T09:14:00Z)
said-not-a-number = { $value } ไม่ใช่ตัวเลข
said-not-finite = ไม่ใช่ตัวเลขที่มีค่าจำกัด
said-is-negative = ติดลบ
said-not-a-count = { $value } ไม่ใช่จำนวนนับ
said-not-true-or-false = { $value } ไม่ใช่ true หรือ false
said-not-currency = { $value } ไม่ใช่รหัสสกุลเงิน ISO 4217 แบบสามตัวอักษร
said-not-utf8 = บรรทัดนี้ไม่ใช่ UTF-8 ที่ถูกต้อง
said-not-utf8-replaced = บรรทัด { $line } ไม่ใช่ UTF-8 ที่ถูกต้อง ไบต์ที่ผิดถูกแทนด้วย U+FFFD และอ่านส่วนที่เหลือแล้ว
said-malformed-json = JSON ผิดรูปแบบ: { $problem } (คอลัมน์ { $column })
said-document-malformed = เอกสาร JSON ที่เริ่มตรงนี้ผิดรูปแบบ: { $problem } (บรรทัด { $line } คอลัมน์ { $column })
said-wrong-type = ต้องเป็น { $expected } แต่พบ { $found }{ $has ->
        [yes] { " " }({ $value })
       *[no] {""}
    }
said-wrong-shape = ต้องเป็น { $expected } แต่พบ { $found }
said-none-of-fields = ต้องเป็น { $shape } แต่ไม่มีช่องใดเลยใน { $fields }
said-missing-from = ไม่มีใน{ $container }
said-missing-with-id = ไม่มีค่า และ `{ $id }` ก็ไม่มีเช่นกัน
said-nothing-identifies = ไม่มีค่า และไม่มีรหัสด้วย จึงไม่มีอะไรระบุว่านี่เป็นการโต้ตอบ
said-missing-message-id = ไม่มีค่า (ใช้ระบุข้อความ เพื่อให้การนำเข้าซ้ำพบรายการที่ซ้ำกัน)
said-names-no-status = ไม่ได้ระบุสถานะใดในคำตอบนี้
said-names-no-id = ไม่ได้ระบุรหัส
said-names-no-address = ไม่ได้ระบุที่อยู่
said-not-an-array = ไม่ใช่อาร์เรย์
said-duplicate-field = ปรากฏสองครั้ง
said-unreadable-value = มีค่าที่รูปแบบไฟล์นี้อ่านไม่ได้
said-not-one-of = { $value } ไม่ใช่ค่าใดใน { $allowed }
said-unknown-kind = ไม่รู้จักประเภท { $value } ต้องเป็นหนึ่งใน { $allowed }
said-nests-too-deep = องค์ประกอบซ้อนกันลึกเกิน { $max } ระดับ
said-replies-too-deep = การตอบกลับซ้อนกันลึกเกิน { $max } ระดับ
said-not-mail = ไม่ใช่ข้อความอีเมล: ข้อความอีเมลต้องขึ้นต้นด้วยส่วนหัว (`From:`, `Date:`, `Message-ID:` …)
said-no-header-fields = ไม่ใช่ข้อความอีเมล: ไม่มีส่วนหัว
said-not-utf8-text = ไม่ใช่ข้อความ UTF-8
said-not-mail-date = { $value } ไม่ใช่วันที่ตามรูปแบบ RFC 2822 (เช่น Tue, 06 Oct 2026 09:14:00 +0200)
said-unreadable-csv = อ่าน{ $part ->
        [header] ส่วนหัว
       *[row] แถว
    } CSV ไม่ได้{ $utf8 ->
        [yes] : ช่องที่ { $field } ไม่ใช่ UTF-8 ที่ถูกต้อง
       *[no] {""}
    }
said-csv-no-kind-column = ส่วนหัว CSV ไม่มีคอลัมน์ `kind`
said-json-eof = สิ้นสุดกลางค่า
said-json-expected-value = ต้องมีค่าตรงนี้
said-json-expected-punctuation = ต้องมี `,`, `:`, `"` หรือวงเล็บปิดตรงนี้
said-json-trailing = มีข้อมูลเกินหลังค่า
said-json-trailing-comma = มีจุลภาคก่อนวงเล็บปิด
said-json-key-not-string = คีย์ไม่ใช่สตริง
said-json-bad-string = สตริงมีลำดับหลีก รหัสอักขระ หรืออักขระควบคุมที่ไม่ถูกต้อง
said-json-bad-number = อ่านตัวเลขไม่ได้หรือเกินช่วง
said-json-too-deep = ซ้อนกันลึกเกินไป
said-json-other = ไม่ใช่ JSON ที่ถูกต้อง
said-type-string = สตริง
said-type-number = ตัวเลข
said-type-count = จำนวนเต็มตั้งแต่ 0 ขึ้นไป
said-type-boolean = ค่าจริงหรือเท็จ
said-type-null = null
said-type-list = อาร์เรย์
said-type-object = ออบเจกต์
said-type-text-or-number = สตริงหรือตัวเลข
said-type-other = ค่าชนิดอื่น
said-shape-mastodon = สถานะ การแจ้งเตือน หรือบริบทของบทสนทนาจาก Mastodon
said-shape-jetstream = ออบเจกต์เหตุการณ์ของ Jetstream
said-shape-reddit = รายการหรือรายการย่อยของ Reddit
said-shape-youtube = คำตอบจาก API ของ YouTube ชุดความคิดเห็น หรือความคิดเห็น
said-shape-facebook = ความคิดเห็น คำตอบแบบแบ่งหน้า หรือ webhook ของ Facebook
said-shape-instagram = ความคิดเห็น คำตอบแบบแบ่งหน้า การกล่าวถึง หรือ webhook ของ Instagram
said-shape-x-response = คำตอบจาก API ของ X หรือทวีต
said-shape-x-tweet = ออบเจกต์ทวีตของ X
said-shape-archive-tweet = ทวีตจากไฟล์เก็บถาวรของบัญชี
said-shape-shopify-order = ออบเจกต์คำสั่งซื้อของ Shopify
said-shape-shopify-orders = คำสั่งซื้อของ Shopify หรือคำตอบที่มีคำสั่งซื้อ
said-shape-woocommerce-order = ออบเจกต์คำสั่งซื้อของ WooCommerce
said-shape-woocommerce-orders = คำสั่งซื้อของ WooCommerce หรือคำตอบที่มีคำสั่งซื้อ
said-container-mention-notification = การแจ้งเตือนการกล่าวถึง
said-container-quote-notification = การแจ้งเตือนการอ้างอิง
said-container-comment-thread = ชุดความคิดเห็น
said-container-commit-event = เหตุการณ์ commit
said-container-create = การสร้าง
