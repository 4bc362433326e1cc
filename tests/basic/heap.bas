10 REM the string heap fills and is collected again and again
20 DIM S$(20)
30 FOR R=1 TO 60
40 FOR I=0 TO 20
50 S$(I)=STR$(R)+"-"+STR$(I)+" SOME TEXT TO TAKE ROOM IN THE HEAP"
60 NEXT I
70 NEXT R
80 PRINT S$(0)
90 PRINT S$(20)
100 T$="A": FOR I=1 TO 7: T$=T$+T$: NEXT I
110 PRINT LEN(T$)
