# Prints a flarelog export CSV of `rows` entries (awk -v rows=N -f entries.awk).
BEGIN {
    srand(42)
    print "record,kind,name,uid,value_type,unit,min,max,aggregate,builtin,at,utc_offset_min,local_day,end_at,end_utc_offset_min,end_day,value,regions,note,created_at,updated_at,deleted_at,archived_at"
    split("symptom,fatigue;symptom,widespread pain;symptom,headache;trigger,stress;trigger,sleep;intervention,walking", items, ";")
    for (i = 0; i < rows; i++) {
        day = int(i / 550)
        y = 2021 + int(day / 365); d = day % 365; m = int(d / 31) + 1; dd = d % 28 + 1
        date = sprintf("%04d-%02d-%02d", y, (m > 12 ? 12 : m), dd)
        at = sprintf("%sT%02d:%02d:%02d.000Z", date, (i % 24), (i % 60), int(i / 60) % 60)
        uid = sprintf("%08x-%04x-4%03x-8%03x-%012x", int(rand() * 4294967296), int(rand() * 65536), i % 4096, int(rand() * 4096), i)
        it = items[(i % 6) + 1]
        value = (i % 6 == 4) ? (i % 10) + 0.5 : (i % 11)
        note = (i % 10 == 0) ? "\"after work, \"\"long\"\" day\"" : ""
        regions = (i % 6 == 0 && i % 4 == 0) ? "neck;lower-back" : ""
        printf "entry,%s,%s,,,,,,,%s,60,%s,,,,%s,%s,%s,%s,%s,,\n", it, uid, at, date, value, regions, note, at, at
    }
}
