10 REM scalars and an array share the heap; it is collected many times
20 DIM K$(9)
30 A$="": B$="START"
40 FOR I=1 TO 400
50 A$=B$+"-"+STR$(I): B$=A$
60 IF LEN(B$)>200 THEN B$="START"
70 K$(I MOD 10)=STR$(I)+"/"+A$
80 NEXT I
90 PRINT LEN(A$); " "; LEN(B$)
100 PRINT K$(0)
110 PRINT K$(9)
120 FOR I=1 TO 9: IF VAL(K$(I))<>390+I THEN PRINT "LOST ";I
130 NEXT I
140 PRINT "OK"
